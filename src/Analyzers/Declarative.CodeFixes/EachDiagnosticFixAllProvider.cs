using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.CodeFixes;

/// <summary>
/// Fix All for every Declarative fix: each diagnostic gets the fix its provider offers it under the chosen
/// equivalence key, and a run without a key (<c>dotnet format</c> passes none when the first diagnostic it saw belongs
/// to another ID of the same analyzer) gets each diagnostic's first fix. Roslyn's batch fixer would instead drop every
/// diagnostic whose fix has another key (DECL008's suggested keys differ) and everything when the key is missing.
/// </summary>
internal sealed class EachDiagnosticFixAllProvider : FixAllProvider
{
    public static readonly EachDiagnosticFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        => Task.FromResult<CodeAction?>(CodeAction.Create(
            "Fix all Declarative diagnostics of this kind",
            cancellationToken => FixAllAsync(fixAllContext, cancellationToken),
            fixAllContext.CodeActionEquivalenceKey));

    private static async Task<Solution> FixAllAsync(FixAllContext context, CancellationToken cancellationToken)
    {
        var solution = context.Solution;
        var diagnostics = await DiagnosticsInScope(context).ConfigureAwait(false);

        // Each fix is computed on the original solution; its text changes are kept unless they overlap changes an
        // earlier fix made, as the batch fixer does. Diagnostics go in file and position order, so the result is stable.
        var accepted = new Dictionary<DocumentId, List<TextChange>>();
        foreach (var diagnostic in diagnostics
                     .Where(d => d.Location.IsInSource)
                     .OrderBy(d => d.Location.SourceTree!.FilePath, System.StringComparer.Ordinal)
                     .ThenBy(d => d.Location.SourceSpan.Start))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null) continue;
            var action = await ChooseAsync(context.CodeFixProvider, document, diagnostic, context.CodeActionEquivalenceKey, cancellationToken).ConfigureAwait(false);
            if (action is null) continue;

            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            if (operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution is not { } changed) continue;

            var fix = new List<(DocumentId Document, TextChange Change)>();
            foreach (var documentId in changed.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
            {
                var changes = await changed.GetDocument(documentId)!.GetTextChangesAsync(solution.GetDocument(documentId)!, cancellationToken).ConfigureAwait(false);
                fix.AddRange(changes.Select(c => (documentId, c)));
            }
            if (fix.Any(c => accepted.TryGetValue(c.Document, out var earlier) && earlier.Any(e => Overlap(e, c.Change))))
                continue;
            foreach (var (documentId, change) in fix)
            {
                if (!accepted.TryGetValue(documentId, out var list)) accepted[documentId] = list = new List<TextChange>();
                list.Add(change);
            }
        }

        foreach (var pair in accepted)
        {
            var text = await solution.GetDocument(pair.Key)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentText(pair.Key, text.WithChanges(pair.Value.OrderBy(c => c.Span.Start)));
        }
        return solution;
    }

    /// <summary>The action the provider registers for the diagnostic under the key, or its first one when there is no key.</summary>
    private static async Task<CodeAction?> ChooseAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, string? key, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return key is null ? actions.FirstOrDefault() : actions.FirstOrDefault(a => a.EquivalenceKey == key);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsInScope(FixAllContext context)
    {
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is not null:
                return await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false);
            case FixAllScope.Project:
                return await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false);
            case FixAllScope.Solution:
                var all = ImmutableArray.CreateBuilder<Diagnostic>();
                foreach (var project in context.Solution.Projects)
                    all.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                return all.ToImmutable();
            default:
                return ImmutableArray<Diagnostic>.Empty;
        }
    }

    /// <summary>Two edits that touch the same text, or insert at the same place (their order would be a guess).</summary>
    private static bool Overlap(TextChange a, TextChange b)
        => a.Span.Start == b.Span.Start || (a.Span.Start < b.Span.End && b.Span.Start < a.Span.End);
}

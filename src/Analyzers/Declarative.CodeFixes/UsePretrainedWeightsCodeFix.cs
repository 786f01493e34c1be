using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Declarative.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Declarative.CodeFixes;

/// <summary>
/// DECL027: calls Declarative's tie-aware method instead of PyBridge's (<c>load_py</c> to <c>LoadPyTorch</c>,
/// <c>load_safetensors</c> to <c>LoadSafetensors</c>, <c>load_checkpoint</c> to <c>LoadCheckpoint</c>, <c>save_py</c>
/// to <c>SavePyTorch</c>), keeping the receiver, the path or stream and <c>strict</c>, and imports
/// <c>Declarative</c> where the file does not. The analyzer decides where the rewrite keeps the call's meaning.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsePretrainedWeightsCodeFix)), Shared]
public sealed class UsePretrainedWeightsCodeFix : CodeFixProvider
{
    private const string Namespace = "Declarative";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.PyBridgeBypassesSharing.Id);

    /// <summary>
    /// Rewrites every call of a document in one pass and adds the using once: each fix alone would add it, and the
    /// batch fixer drops edits that overlap, so most calls would stay.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) => await Rewrite(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Fixable(root, diagnostic) is not { } fixable) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Use {fixable.Replacement} (Declarative), which keeps every tie",
                    cancellationToken => Rewrite(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                    equivalenceKey: nameof(UsePretrainedWeightsCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The call a diagnostic reports and its replacement, where the analyzer found the rewrite keeps its meaning.</summary>
    private static (InvocationExpressionSyntax Call, string Replacement, bool DropLeaveOpen)? Fixable(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(PyBridgeCheckpointAnalyzer.ReplacementProperty, out var replacement) || replacement is null) return null;
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
            || call.Span != diagnostic.Location.SourceSpan
            || NameOf(call) is null)
            return null;
        return (call, replacement, diagnostic.Properties.ContainsKey(PyBridgeCheckpointAnalyzer.DropLeaveOpenProperty));
    }

    private static SimpleNameSyntax? NameOf(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        _ => null,
    };

    private static async Task<Document> Rewrite(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || semanticModel is null) return document;

        var fixes = diagnostics.Select(d => Fixable(unit, d)).Where(f => f is not null).Select(f => f!.Value).ToList();
        if (fixes.Count == 0) return document;

        // Declarative's extension methods are in scope where its namespace is imported (a global using too) or encloses the call.
        bool imported = fixes.All(f => semanticModel.LookupNamespacesAndTypes(f.Call.SpanStart, name: "PretrainedWeights")
            .Any(s => s.ContainingNamespace is { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true }));

        var byCall = fixes.GroupBy(f => f.Call).ToDictionary(g => g.Key, g => g.First());
        unit = unit.ReplaceNodes(byCall.Keys, (original, rewritten) =>
        {
            var fix = byCall[original];
            if (NameOf(rewritten) is not { } name) return rewritten;
            var renamed = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(fix.Replacement)).WithTriviaFrom(name);
            var updated = rewritten.ReplaceNode(name, renamed);
            if (fix.DropLeaveOpen)
            {
                var arguments = updated.ArgumentList.Arguments;
                var leaveOpen = arguments.First(a => a.NameColon?.Name.Identifier.ValueText == "leaveOpen");
                updated = updated.WithArgumentList(updated.ArgumentList.WithArguments(arguments.Remove(leaveOpen)));
            }
            return updated;
        });
        if (!imported) unit = AddUsing(unit);
        return document.WithSyntaxRoot(unit);
    }

    /// <summary>Adds <c>using Declarative;</c> after the file's global usings and System usings, in ordinal order among the others.</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName(Namespace))
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var usings = unit.Usings;
        int index = 0;
        while (index < usings.Count && GoesBefore(usings[index])) index++;
        if (index == 0 && usings.Count > 0)
        {
            // A file header stays at the top of the file.
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithoutLeadingTrivia());
        }
        return unit.WithUsings(usings.Insert(index, directive));
    }

    private static bool GoesBefore(UsingDirectiveSyntax existing)
    {
        if (!existing.GlobalKeyword.IsKind(SyntaxKind.None)) return true;
        if (!existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Alias is not null) return false;
        string name = existing.Name?.ToString() ?? "";
        return name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal) || string.CompareOrdinal(name, Namespace) < 0;
    }
}

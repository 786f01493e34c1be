using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Declarative.Analyzers;
using Declarative.Analyzers.Groups;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>
/// DECL001: swaps the input and output sizes of the Linear that creates a shared member, where the analyzer found
/// that this makes its shapes the owner's (<c>Linear(vocab, dim)</c> for an embedding of vocab by dim).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwapLinearSizesCodeFix)), Shared]
public sealed class SwapLinearSizesCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedShapeMismatch.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!Fixes.Offers(diagnostic, GroupShapeChecker.SwapLinearFix) || diagnostic.AdditionalLocations.Count < 2) continue;
            var location = diagnostic.AdditionalLocations[1];
            var document = location.SourceTree is null ? null : context.Document.Project.Solution.GetDocument(location.SourceTree);
            if (document is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Swap the input and output sizes of the Linear",
                    cancellationToken => Swap(document, location, cancellationToken),
                    equivalenceKey: nameof(SwapLinearSizesCodeFix)),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Solution> Swap(Document document, Location location, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(location.SourceSpan, getInnermostNodeForTie: true)?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (root is null || invocation is null || invocation.ArgumentList.Arguments.Count < 2) return document.Project.Solution;

        // The sizes are the arguments named inputSize and outputSize, or else the first two.
        var arguments = invocation.ArgumentList.Arguments;
        var input = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "inputSize") ?? arguments[0];
        var output = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "outputSize") ?? arguments[1];
        var swapped = invocation.ReplaceNodes(new[] { input, output }, (original, _) => original == input
            ? input.WithExpression(output.Expression.WithTriviaFrom(input.Expression))
            : output.WithExpression(input.Expression.WithTriviaFrom(output.Expression)));
        return document.WithSyntaxRoot(root.ReplaceNode(invocation, swapped)).Project.Solution;
    }
}

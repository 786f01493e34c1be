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
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>
/// DECL001 and DECL003, the fixes the analyzer found make a shared member match its owner, in the order it lists
/// them (the one that fits the members' kinds first): swap the input and output sizes of the Linear that creates the
/// member (<c>Linear(vocab, dim)</c> for an embedding of vocab by dim), mark the member <c>Transpose = true</c> (it
/// is exactly the owner's transpose: a tied autoencoder's decoder), or remove a Transpose from a member that already
/// has the owner's shape. One provider for both IDs, so that no ID has two providers with different first fixes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedShapeCodeFix)), Shared]
public sealed class SharedShapeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SharedShapeMismatch.Id, DiagnosticDescriptors.TransposeShapeMismatch.Id);

    public override FixAllProvider GetFixAllProvider() => EachDiagnosticFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics.Where(d => FixableDiagnosticIds.Contains(d.Id)))
        {
            bool first = true;
            foreach (var fix in Fixes.Offered(diagnostic))
            {
                var action = fix switch
                {
                    GroupShapeChecker.SwapLinearFix => SwapAction(context.Document, diagnostic, Fixes.Key(first, fix)),
                    GroupShapeChecker.TransposeFix => TransposeAction(context.Document, root, diagnostic, Fixes.Key(first, fix), set: true),
                    GroupShapeChecker.RemoveTransposeFix => TransposeAction(context.Document, root, diagnostic, Fixes.Key(first, fix), set: false),
                    _ => null,
                };
                if (action is null) continue;
                context.RegisterCodeFix(action, diagnostic);
                first = false;
            }
        }
    }

    private static CodeAction? SwapAction(Document document, Diagnostic diagnostic, string key)
    {
        // The analyzer gives the Linear(...) call as the second additional location (the first is the owner).
        if (diagnostic.AdditionalLocations.Count < 2) return null;
        var location = diagnostic.AdditionalLocations[1];
        var target = location.SourceTree is null ? null : document.Project.Solution.GetDocument(location.SourceTree);
        if (target is null) return null;
        return CodeAction.Create("Swap the input and output sizes of the Linear",
            cancellationToken => Swap(target, location, cancellationToken), key);
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

    private static CodeAction? TransposeAction(Document document, SyntaxNode? root, Diagnostic diagnostic, string key, bool set)
    {
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
            return null;
        return set
            ? CodeAction.Create("Set Transpose = true: this member is the owner's transpose",
                _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, WithTranspose(attribute)))), key)
            : CodeAction.Create("Remove Transpose: this member has the owner's shape",
                _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, WithoutTranspose(attribute)))), key);
    }

    private static AttributeSyntax WithTranspose(AttributeSyntax attribute)
    {
        var transpose = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Transpose")),
            nameColon: null,
            SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        var separators = arguments.Arguments.GetSeparators().ToList();
        if (arguments.Arguments.Count > 0)
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        var separated = SyntaxFactory.SeparatedList(arguments.Arguments.Append(transpose), separators);
        return attribute.WithArgumentList(arguments.WithArguments(separated));
    }

    private static AttributeSyntax WithoutTranspose(AttributeSyntax attribute)
    {
        var arguments = attribute.ArgumentList!.Arguments;
        int index = arguments.IndexOf(a => a.NameEquals?.Name.Identifier.ValueText == "Transpose");
        if (index < 0) return attribute;
        // RemoveAt takes the comma beside it too: ("k", Transpose = true) becomes ("k").
        return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(arguments.RemoveAt(index)));
    }
}

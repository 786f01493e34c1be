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

/// <summary>DECL001: marks a shared member <c>Transpose = true</c> where its shape is exactly the owner's transpose.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetTransposeCodeFix)), Shared]
public sealed class SetTransposeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SharedShapeMismatch.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!Fixes.Offers(diagnostic, GroupShapeChecker.TransposeFix)) continue;
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create("Set Transpose = true: this member is the owner's transpose",
                    cancellationToken => SetTranspose(context.Document, attribute, cancellationToken),
                    equivalenceKey: nameof(SetTransposeCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> SetTranspose(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        var transpose = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Transpose")),
            nameColon: null,
            SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        var separators = arguments.Arguments.GetSeparators().ToList();
        if (arguments.Arguments.Count > 0)
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        var separated = SyntaxFactory.SeparatedList(arguments.Arguments.Append(transpose), separators);
        var updated = attribute.WithArgumentList(arguments.WithArguments(separated));
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, updated));
    }
}

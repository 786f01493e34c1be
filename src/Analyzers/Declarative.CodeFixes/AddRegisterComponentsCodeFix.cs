using System.Collections.Immutable;
using System.Composition;
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

/// <summary>DECL020: calls <c>RegisterComponents()</c> at the end of the constructor, as TorchSharp models do.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRegisterComponentsCodeFix)), Shared]
public sealed class AddRegisterComponentsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.RegisterComponentsMissing.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // Only a declared constructor with a body can take the call; implicit and primary ones have none.
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ConstructorDeclarationSyntax constructor
                || constructor.Identifier.Span != diagnostic.Location.SourceSpan
                || (constructor.Body is null && constructor.ExpressionBody is null))
                continue;
            context.RegisterCodeFix(
                CodeAction.Create("Call RegisterComponents() at the end of the constructor",
                    cancellationToken => AddCall(context.Document, constructor, cancellationToken),
                    equivalenceKey: nameof(AddRegisterComponentsCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddCall(Document document, ConstructorDeclarationSyntax constructor, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        var call = SyntaxFactory.ParseStatement("RegisterComponents();").WithAdditionalAnnotations(Formatter.Annotation);
        ConstructorDeclarationSyntax updated;
        if (constructor.Body is { } body)
        {
            updated = constructor.WithBody(body.AddStatements(call));
        }
        else
        {
            // An expression body becomes a block: the expression, then the call.
            var expression = SyntaxFactory.ExpressionStatement(constructor.ExpressionBody!.Expression.WithoutTrivia());
            updated = constructor
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithParameterList(constructor.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed))
                .WithInitializer(constructor.Initializer?.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed))
                .WithBody(SyntaxFactory.Block(expression, call).WithTrailingTrivia(constructor.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
        return document.WithSyntaxRoot(root.ReplaceNode(constructor, updated));
    }
}

using System.Collections.Generic;
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
/// DECL020: calls <c>RegisterComponents()</c> at the end of the constructor, as TorchSharp models do. A primary
/// constructor has no body to call it from, so it becomes an explicit constructor with the same parameters and base
/// call, that assigns what the field initializers assigned and then calls <c>RegisterComponents()</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRegisterComponentsCodeFix)), Shared]
public sealed class AddRegisterComponentsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.RegisterComponentsMissing.Id);

    public override FixAllProvider GetFixAllProvider() => EachDiagnosticFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics.Where(d => FixableDiagnosticIds.Contains(d.Id)))
        {
            switch (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent)
            {
                // An implicit constructor has no declaration to take the call; the diagnostic is on the type's name then too.
                case ConstructorDeclarationSyntax constructor when constructor.Identifier.Span == diagnostic.Location.SourceSpan
                                                                  && (constructor.Body is not null || constructor.ExpressionBody is not null):
                    context.RegisterCodeFix(
                        CodeAction.Create("Call RegisterComponents() at the end of the constructor",
                            cancellationToken => AddCall(context.Document, constructor, cancellationToken),
                            equivalenceKey: Fixes.FirstFixKey),
                        diagnostic);
                    break;
                case TypeDeclarationSyntax { ParameterList: not null } type when type.Identifier.Span == diagnostic.Location.SourceSpan
                                                                                && await PrimaryConstructor(context.Document, type, context.CancellationToken).ConfigureAwait(false) is { } primary:
                    context.RegisterCodeFix(
                        CodeAction.Create("Make the primary constructor a constructor that calls RegisterComponents()",
                            cancellationToken => MakeExplicit(context.Document, type, primary, cancellationToken),
                            equivalenceKey: Fixes.FirstFixKey),
                        diagnostic);
                    break;
            }
        }
    }

    /// <summary>
    /// The primary constructor of <paramref name="type"/>, where its parameters are read only by field and property
    /// initializers and the base call; a parameter that a method reads is captured, and has no field to move into.
    /// </summary>
    private static async Task<IMethodSymbol?> PrimaryConstructor(Document document, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol symbol) return null;
        var constructor = symbol.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) == type));
        if (constructor is null) return null;

        var names = new HashSet<string>(constructor.Parameters.Select(p => p.Name));
        foreach (var identifier in type.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (!names.Contains(identifier.Identifier.ValueText) || IsMoved(identifier, type)) continue;
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is IParameterSymbol parameter
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, constructor))
                return null;
        }
        return constructor;
    }

    /// <summary>Whether the node is in an initializer that moves into the constructor, or in the base call.</summary>
    private static bool IsMoved(SyntaxNode node, TypeDeclarationSyntax type)
        => node.Ancestors().TakeWhile(a => a != type).Any(a => a is PrimaryConstructorBaseTypeSyntax
            || (a is EqualsValueClauseSyntax && a.Parent is VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } && IsInstance(field.Modifiers) && field.Parent == type)
            || (a is EqualsValueClauseSyntax && a.Parent is PropertyDeclarationSyntax property && IsInstance(property.Modifiers) && property.Parent == type));

    private static bool IsInstance(SyntaxTokenList modifiers) => !modifiers.Any(SyntaxKind.StaticKeyword) && !modifiers.Any(SyntaxKind.ConstKeyword);

    private static async Task<Document> MakeExplicit(Document document, TypeDeclarationSyntax type, IMethodSymbol primary, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || type.ParameterList is null) return document;

        // Every instance initializer of this declaration moves, not only those that read a parameter: initializers
        // run in declaration order before the constructor's body, and TorchSharp draws each module's initial
        // weights as it is created, so the same seed gives the same weights only in the same order.
        var assignments = new List<StatementSyntax>();
        var members = new List<MemberDeclarationSyntax>();
        int afterFields = 0;
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field when IsInstance(field.Modifiers) && field.Declaration.Variables.Any(v => v.Initializer is not null):
                    var variables = field.Declaration.Variables;
                    foreach (var variable in variables.Where(v => v.Initializer is not null))
                        assignments.Add(Assignment(variable.Identifier.ValueText, variable.Initializer!.Value, type.ParameterList));
                    members.Add(field.WithDeclaration(field.Declaration.WithVariables(SyntaxFactory.SeparatedList(
                        variables.Select(v => v.Initializer is null ? v : v.WithInitializer(null).WithIdentifier(v.Identifier.WithTrailingTrivia())),
                        variables.GetSeparators()))));
                    afterFields = members.Count;
                    break;
                case PropertyDeclarationSyntax { Initializer: not null, AccessorList: not null } property when IsInstance(property.Modifiers):
                    assignments.Add(Assignment(property.Identifier.ValueText, property.Initializer.Value, type.ParameterList));
                    members.Add(property
                        .WithInitializer(null)
                        .WithSemicolonToken(default)
                        .WithAccessorList(property.AccessorList.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia)));
                    afterFields = members.Count;
                    break;
                case BaseFieldDeclarationSyntax or PropertyDeclarationSyntax:
                    members.Add(member);
                    afterFields = members.Count;
                    break;
                default:
                    members.Add(member);
                    break;
            }
        }
        assignments.Add(SyntaxFactory.ParseStatement("RegisterComponents();"));

        // The base type keeps its arguments as the constructor's base(...) call.
        var primaryBase = type.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault();
        var constructor = SyntaxFactory.ConstructorDeclaration(type.Identifier.WithoutTrivia())
            .WithModifiers(Modifiers(primary.DeclaredAccessibility))
            .WithParameterList(type.ParameterList.WithoutTrivia())
            .WithInitializer(primaryBase is null ? null : SyntaxFactory.ConstructorInitializer(SyntaxKind.BaseConstructorInitializer, primaryBase.ArgumentList.WithoutTrivia()))
            .WithBody(SyntaxFactory.Block(assignments))
            .WithLeadingTrivia(afterFields > 0 ? SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed) : default)
            .WithAdditionalAnnotations(Formatter.Annotation);
        members.Insert(afterFields, constructor);

        var updated = type
            .WithIdentifier(type.Identifier.WithTrailingTrivia(type.ParameterList.GetTrailingTrivia()))
            .WithParameterList(null)
            .WithMembers(SyntaxFactory.List(members));
        if (primaryBase is not null && updated.BaseList is { } baseList)
            updated = updated.WithBaseList(baseList.ReplaceNode(
                baseList.Types.OfType<PrimaryConstructorBaseTypeSyntax>().First(),
                SyntaxFactory.SimpleBaseType(primaryBase.Type).WithTriviaFrom(primaryBase)));
        return document.WithSyntaxRoot(root.ReplaceNode(type, updated));
    }

    /// <summary>
    /// <c>name = value;</c>, or <c>this.name = value;</c> where a parameter has the member's name (as IDE0290 "use
    /// primary constructor" writes <c>Linear first = first;</c>), which would otherwise assign the parameter.
    /// </summary>
    private static StatementSyntax Assignment(string name, ExpressionSyntax value, ParameterListSyntax parameters)
    {
        ExpressionSyntax target = parameters.Parameters.Any(p => p.Identifier.ValueText == name)
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), SyntaxFactory.IdentifierName(name))
            : SyntaxFactory.IdentifierName(name);
        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target, value.WithoutTrivia()));
    }

    private static SyntaxTokenList Modifiers(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)),
        Microsoft.CodeAnalysis.Accessibility.Internal => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InternalKeyword)),
        Microsoft.CodeAnalysis.Accessibility.Protected => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.ProtectedKeyword)),
        Microsoft.CodeAnalysis.Accessibility.Private => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword)),
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.ProtectedKeyword), SyntaxFactory.Token(SyntaxKind.InternalKeyword)),
        _ => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ProtectedKeyword)),
    };

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

using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Common;

/// <summary>
/// Where a field stands among the fields of its class, which decides the owner of each group: the file, the partial
/// declaration within the file, the member within the declaration, the variable within the member. Ordinals rather
/// than positions, so that an edit inside a method body changes nothing here.
/// </summary>
internal readonly record struct DeclarationOrder(string FilePath, int Declaration, int Member, int Variable)
    : IComparable<DeclarationOrder>
{
    public int CompareTo(DeclarationOrder other)
    {
        int order = string.CompareOrdinal(FilePath, other.FilePath);
        if (order == 0) order = Declaration.CompareTo(other.Declaration);
        if (order == 0) order = Member.CompareTo(other.Member);
        if (order == 0) order = Variable.CompareTo(other.Variable);
        return order;
    }

    /// <summary>The order of the field that <paramref name="declarator"/> declares in <paramref name="type"/>.</summary>
    public static DeclarationOrder Of(INamedTypeSymbol type, VariableDeclaratorSyntax declarator, CancellationToken cancellationToken)
    {
        var declaration = declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        var member = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        int declarationIndex = type.DeclaringSyntaxReferences
            .Where(r => r.SyntaxTree == declarator.SyntaxTree)
            .OrderBy(r => r.Span.Start)
            .Select(r => r.GetSyntax(cancellationToken))
            .ToList()
            .IndexOf(declaration!);
        int memberIndex = declaration is null || member is null ? 0 : declaration.Members.IndexOf(member);
        int variableIndex = declarator.Parent is VariableDeclarationSyntax variables ? variables.Variables.IndexOf(declarator) : 0;
        return new DeclarationOrder(declarator.SyntaxTree.FilePath, declarationIndex, memberIndex, variableIndex);
    }
}

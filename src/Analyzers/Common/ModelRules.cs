using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Common;

/// <summary>
/// Which classes and groups get generated code. The generator applies these rules silently; the analyzers report
/// where a model breaks one, so that no annotation is dropped without a word.
/// </summary>
internal static class ModelRules
{
    /// <summary>The members the generated partial declaration may declare; a model that declares one itself is left alone.</summary>
    public static readonly ImmutableArray<string> GeneratedMemberNames = ImmutableArray.Create(
        "RegisterComponents", "named_parameters", "named_buffers", "state_dict", "load_state_dict", "load", "_toEpilog", "TyingPenalty");

    /// <summary>The generated override by which a compiled model's sharing is recognised.</summary>
    public const string StateDict = "state_dict";

    /// <summary>Whether <paramref name="type"/> is a class the generated code can extend: a TorchSharp module.</summary>
    public static bool IsModuleClass(INamedTypeSymbol type)
        => type.TypeKind == TypeKind.Class && !type.IsStatic && TorchSymbols.IsModule(type.BaseType);

    /// <summary>
    /// The declarations, of <paramref name="type"/> and of the types around it, that are not <c>partial</c>: the
    /// generated code can reopen none of them.
    /// </summary>
    public static IEnumerable<(INamedTypeSymbol Type, TypeDeclarationSyntax Declaration)> NonPartialDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    yield return (current, declaration);
            }
        }
    }

    /// <summary>
    /// The members of <paramref name="type"/> that the user declared under a generated member's name; the generator's
    /// own members do not count.
    /// </summary>
    public static IEnumerable<ISymbol> DeclaredGeneratedMembers(INamedTypeSymbol type)
        => GeneratedMemberNames
            .SelectMany(name => type.GetMembers(name))
            .Where(m => !m.IsImplicitlyDeclared && !DeclarativeGeneratedCode.IsGenerated(m));

    /// <summary>
    /// Whether a [Shared] group shares anything: two members or more, or one collection whose elements share. A
    /// group of one other field gets no code.
    /// </summary>
    public static bool SharesAnything(int memberCount, FieldKind ownerKind)
        => memberCount >= 2 || FieldKinds.IsCollection(ownerKind);

    /// <summary>
    /// Whether a [Tied] group gets a penalty: its first member's Lambda can weight one and its Norm names a distance.
    /// (A group of one is kept: <c>Tying.Penalty</c> ties it across models.)
    /// </summary>
    public static bool HasPenalty(double lambda, int norm) => PenaltyWeight.IsValid(lambda) && TieNorms.NameOf(norm) is not null;
}

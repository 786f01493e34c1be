using System.Linq;
using Declarative.Common;
using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers;

/// <summary>
/// Which of Declarative's types a compilation can see. The analyzers look for uses of them only (attributes, calls), so
/// a compilation without the type an analyzer looks for gets none of that analyzer's actions: a project that
/// references the analyzers but not the runtime pays for nothing. The types are matched by metadata name in every
/// assembly and in source, as the analyzers match them (by namespace and name), so that a copy of the attributes
/// in source is recognised too.
/// </summary>
internal static class DeclarativeTypes
{
    public const string SharedAttribute = "Declarative." + DeclarativeAttributes.SharedAttributeName;
    public const string TiedAttribute = "Declarative." + DeclarativeAttributes.TiedAttributeName;
    public const string ShapeAttribute = "Declarative." + DeclarativeAttributes.ShapeAttributeName;
    public const string ActivationTying = "Declarative.ActivationTying";
    public const string Tying = "Declarative.Tying";

    /// <summary>Whether any of <paramref name="metadataNames"/> names a type the compilation can see.</summary>
    public static bool AnyExists(Compilation compilation, params string[] metadataNames)
        => metadataNames.Any(name => !compilation.GetTypesByMetadataName(name).IsEmpty);

    /// <summary>Whether the compilation can hold <c>[Shared]</c> or <c>[Tied]</c> fields.</summary>
    public static bool HasAnnotations(Compilation compilation) => AnyExists(compilation, SharedAttribute, TiedAttribute);
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Incremental;

/// <summary>
/// Everything a file's parse may read from outside the file, except bodies: the declarations of every file, the
/// compilation options and the references, and the one build setting the parse reads. While it stays equal, no symbol
/// of the compilation changed.
/// </summary>
internal sealed class DeclarationEnvironment : System.IEquatable<DeclarationEnvironment>
{
    private readonly Fingerprint _declarations;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly string? _assemblyName;

    /// <param name="files">The declarations of every file.</param>
    /// <param name="compilation">The compilation, for its options and references.</param>
    /// <param name="shapeComments">Whether the generated comments give shapes (the <c>DeclarativeShapeComments</c> property).</param>
    public DeclarationEnvironment(ImmutableArray<FileDeclarations> files, Compilation compilation, bool shapeComments)
    {
        using var declarations = new Fingerprint.Builder();
        foreach (var file in files)
            declarations.Append(file.Declarations);
        _declarations = declarations.ToFingerprint();
        _options = compilation.Options;
        _references = compilation.ExternalReferences;
        _assemblyName = compilation.AssemblyName;
        ShapeComments = shapeComments;
    }

    /// <summary>Whether the generated comments give the members' shapes, which is what shape inference runs for.</summary>
    public bool ShapeComments { get; }

    // References compare by identity, as Roslyn's own do: a rebuilt reference is a new object.
    public bool Equals(DeclarationEnvironment? other)
        => ReferenceEquals(this, other)
        || other is not null
        && _declarations == other._declarations
        && _assemblyName == other._assemblyName
        && ShapeComments == other.ShapeComments
        && _options.Equals(other._options)
        && SameReferences(_references, other._references);

    public override bool Equals(object? obj) => Equals(obj as DeclarationEnvironment);

    public override int GetHashCode() => _declarations.GetHashCode();

    private static bool SameReferences(ImmutableArray<MetadataReference> first, ImmutableArray<MetadataReference> second)
    {
        if (first.Length != second.Length) return false;
        for (int i = 0; i < first.Length; i++)
        {
            if (!ReferenceEquals(first[i], second[i])) return false;
        }
        return true;
    }
}

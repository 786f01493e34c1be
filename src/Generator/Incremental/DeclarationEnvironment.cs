using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Incremental;

/// <summary>
/// Everything a file's parse may read from outside the file, except bodies: the declarations of every file, the
/// compilation options and the references. While it stays equal, no symbol of the compilation changed.
/// </summary>
internal sealed class DeclarationEnvironment : System.IEquatable<DeclarationEnvironment>
{
    private readonly Fingerprint _declarations;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly string? _assemblyName;

    public DeclarationEnvironment(ImmutableArray<FileDeclarations> files, Compilation compilation)
    {
        using var declarations = new Fingerprint.Builder();
        foreach (var file in files)
            declarations.Append(file.Declarations);
        _declarations = declarations.ToFingerprint();
        _options = compilation.Options;
        _references = compilation.ExternalReferences;
        _assemblyName = compilation.AssemblyName;
    }

    // References compare by identity, as Roslyn's own do: a rebuilt reference is a new object.
    public bool Equals(DeclarationEnvironment? other)
        => ReferenceEquals(this, other)
        || other is not null
        && _declarations == other._declarations
        && _assemblyName == other._assemblyName
        && _options.Equals(other._options)
        && _references.SequenceEqual(other._references, ReferenceEqualityComparer.Instance);

    public override bool Equals(object? obj) => Equals(obj as DeclarationEnvironment);

    public override int GetHashCode() => _declarations.GetHashCode();

    private sealed class ReferenceEqualityComparer : System.Collections.Generic.IEqualityComparer<MetadataReference>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(MetadataReference? x, MetadataReference? y) => ReferenceEquals(x, y);

        public int GetHashCode(MetadataReference obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}

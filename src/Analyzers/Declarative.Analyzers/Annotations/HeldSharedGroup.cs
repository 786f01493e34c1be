using Microsoft.CodeAnalysis;

namespace Declarative.Analyzers.Annotations;

/// <summary>One [Shared] group a model holds: its key, the field path that reaches it, and the type declaring it.</summary>
internal sealed class HeldSharedGroup
{
    public HeldSharedGroup(string? key, string path, INamedTypeSymbol declaringType)
    {
        Key = key;
        Path = path;
        DeclaringType = declaringType;
    }

    /// <summary>
    /// The group's key; null for the groups of a compiled model whose [Shared] fields its metadata does not show
    /// (private fields of a referenced assembly), known by the generator's <c>state_dict</c> override.
    /// </summary>
    public string? Key { get; }

    /// <summary>The fields from the model down to the sub-model declaring the group (<c>decoder</c>); empty for its own.</summary>
    public string Path { get; }

    public INamedTypeSymbol DeclaringType { get; }
}

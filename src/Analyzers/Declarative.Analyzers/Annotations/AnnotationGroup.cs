using System.Collections.Immutable;
using Declarative.Common;

namespace Declarative.Analyzers.Annotations;

/// <summary>The members of one key, in declaration order; the first is the owner.</summary>
internal sealed class AnnotationGroup
{
    public AnnotationGroup(AnnotationKind kind, string key, ImmutableArray<FieldAnnotation> members)
    {
        Kind = kind;
        Key = key;
        Members = members;
    }

    public AnnotationKind Kind { get; }

    public string Key { get; }

    public ImmutableArray<FieldAnnotation> Members { get; }

    public FieldAnnotation Owner => Members[0];

    /// <summary>How messages name the owner's role: <c>owner of shared group 'vocab'</c>.</summary>
    public string OwnerRole => Kind == AnnotationKind.Shared ? $"owner of shared group '{Key}'" : $"first member of tie group '{Key}'";
}

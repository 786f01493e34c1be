using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

namespace Declarative.Generator.Model;

/// <summary>Groups the annotated fields of all models into one <see cref="ModelClass"/> per class.</summary>
internal static class ModelBuilder
{
    public static ImmutableArray<ModelClass> Build(
        ImmutableArray<AnnotatedField> sharedFields,
        ImmutableArray<AnnotatedField> tiedFields,
        CancellationToken cancellationToken)
    {
        var types = sharedFields.Concat(tiedFields)
            .Select(f => f.Type)
            .Distinct()
            .OrderBy(t => t.MetadataName, System.StringComparer.Ordinal);

        var models = ImmutableArray.CreateBuilder<ModelClass>();
        foreach (var type in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shared = SharedGroups(Ordered(sharedFields, type));
            var tied = TieGroups(Ordered(tiedFields, type));
            var arrays = shared.SelectMany(g => g.Members)
                .Concat(tied.SelectMany(g => g.Members))
                .Where(m => m.Kind == FieldKind.ModuleArray)
                .Select(m => m.Field)
                .Distinct()
                .ToEquatableArray();
            if (shared.Count > 0 || tied.Count > 0)
                models.Add(new ModelClass(type, shared, tied, arrays));
        }
        return models.ToImmutable();
    }

    private static List<AnnotatedField> Ordered(ImmutableArray<AnnotatedField> fields, ModelType type)
        => fields.Where(f => f.Type == type).OrderBy(f => f.Order).ToList();

    /// <summary>Each key's members in declaration order; groups ordered by their owner's declaration.</summary>
    private static IEnumerable<(string Key, List<(AnnotatedField Field, Annotation Annotation)> Members)> ByKey(List<AnnotatedField> fields)
        => fields
            .SelectMany(f => f.Annotations.Select(a => (Field: f, Annotation: a)))
            .GroupBy(m => m.Annotation.Key, System.StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()));

    private static EquatableArray<SharedGroup> SharedGroups(List<AnnotatedField> fields)
        => ByKey(fields)
            // A shared group of one field shares nothing, unless the field is a collection whose elements share;
            // the analyzer warns about it. (A tie group of one is kept: Tying.Penalty ties it across models.)
            .Where(g => g.Members.Count >= 2 || g.Members[0].Field.Kind is FieldKind.ModuleList or FieldKind.ModuleArray)
            .Select(g => new SharedGroup(g.Key, g.Members.Select(m => Member(m.Field, m.Annotation)).ToEquatableArray()))
            .ToEquatableArray();

    private static EquatableArray<TieGroup> TieGroups(List<AnnotatedField> fields)
        => ByKey(fields)
            // Lambda is checked by the analyzer; a group without a usable one gets no code.
            .Where(g => IsUsableLambda(g.Members[0].Annotation.Lambda))
            .Select(g => new TieGroup(
                g.Key,
                g.Members[0].Annotation.Lambda,
                g.Members[0].Annotation.Norm,
                g.Members.Select(m => Member(m.Field, m.Annotation)).ToEquatableArray()))
            .ToEquatableArray();

    private static bool IsUsableLambda(double lambda) => lambda >= 0 && !double.IsInfinity(lambda);

    private static GroupMember Member(AnnotatedField field, Annotation annotation)
    {
        string member = annotation.Member ?? "";
        string? shape = field.Shapes.FirstOrDefault(s => s.Member == member)?.Shape;
        return new GroupMember(field.Name, annotation.Member, annotation.Transpose, field.Kind, shape);
    }
}

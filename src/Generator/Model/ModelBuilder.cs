using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Shapes;

namespace Declarative.Generator.Model;

/// <summary>Groups the annotated fields of all models into one <see cref="ModelClass"/> per class.</summary>
internal static class ModelBuilder
{
    public static ImmutableArray<ModelClass> Build(ImmutableArray<AnnotatedFile> files, CancellationToken cancellationToken)
    {
        // One pass to group the fields by class: this runs over every annotated field of the compilation. A class
        // declared in parts across files gathers its fields from each.
        var sharedByType = ByType(files.SelectMany(f => f.Shared));
        var tiedByType = ByType(files.SelectMany(f => f.Tied));
        var types = sharedByType.Keys.Concat(tiedByType.Keys)
            .Distinct()
            .OrderBy(t => t.MetadataName, System.StringComparer.Ordinal);

        var models = ImmutableArray.CreateBuilder<ModelClass>();
        foreach (var type in types)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shared = SharedGroups(Ordered(sharedByType, type));
            var tied = TieGroups(Ordered(tiedByType, type));
            var arrays = shared.SelectMany(g => g.Members)
                .Concat(tied.SelectMany(g => g.Members))
                .Where(m => m.Kind == FieldKind.ModuleArray)
                .Select(m => m.Field)
                .Distinct()
                .ToValueArray();
            if (shared.Count > 0 || tied.Count > 0)
                models.Add(new ModelClass(type, shared, tied, arrays));
        }
        return models.ToImmutable();
    }

    private static Dictionary<ModelType, List<AnnotatedField>> ByType(IEnumerable<AnnotatedField> fields)
    {
        var byType = new Dictionary<ModelType, List<AnnotatedField>>();
        foreach (var field in fields)
        {
            if (!byType.TryGetValue(field.Type, out var list))
                byType[field.Type] = list = new List<AnnotatedField>();
            list.Add(field);
        }
        return byType;
    }

    private static List<AnnotatedField> Ordered(Dictionary<ModelType, List<AnnotatedField>> byType, ModelType type)
        => byType.TryGetValue(type, out var fields) ? fields.OrderBy(f => f.Order).ToList() : new List<AnnotatedField>();

    /// <summary>Each key's members in declaration order; groups ordered by their owner's declaration.</summary>
    private static IEnumerable<(string Key, List<(AnnotatedField Field, Annotation Annotation)> Members)> ByKey(List<AnnotatedField> fields)
        => fields
            .SelectMany(f => f.Annotations.Select(a => (Field: f, Annotation: a)))
            .GroupBy(m => m.Annotation.Key, System.StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()));

    private static ValueArray<SharedGroup> SharedGroups(List<AnnotatedField> fields)
        => ByKey(fields)
            // A shared group of one field shares nothing, unless the field is a collection whose elements share;
            // the analyzer warns about it. (A tie group of one is kept: Tying.Penalty ties it across models.)
            .Where(g => g.Members.Count >= 2 || g.Members[0].Field.Kind is FieldKind.ModuleList or FieldKind.ModuleArray)
            .Select(g => new SharedGroup(g.Key, g.Members.Select(m => Member(m.Field, m.Annotation)).ToValueArray()))
            .ToValueArray();

    private static ValueArray<TieGroup> TieGroups(List<AnnotatedField> fields)
        => ByKey(fields)
            // Lambda is checked by the analyzer; a group without a usable one gets no code.
            .Where(g => IsUsableLambda(g.Members[0].Annotation.Lambda))
            .Select(g => new TieGroup(
                g.Key,
                g.Members[0].Annotation.Lambda,
                g.Members[0].Annotation.Norm,
                g.Members.Select(m => Member(m.Field, m.Annotation)).ToValueArray()))
            .ToValueArray();

    private static bool IsUsableLambda(double lambda) => lambda >= 0 && !double.IsInfinity(lambda);

    private static GroupMember Member(AnnotatedField field, Annotation annotation)
    {
        string member = annotation.Member ?? "";
        string? shape = field.Shapes.FirstOrDefault(s => s.Member == member)?.Shape;
        return new GroupMember(field.Name, annotation.Member, annotation.Transpose, field.Kind, shape);
    }
}

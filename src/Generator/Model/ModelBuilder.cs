using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>Groups the annotated fields of all models into one <see cref="ModelSpec"/> per class.</summary>
internal static class ModelBuilder
{
    public static ImmutableArray<ModelSpec> Build(ImmutableArray<FileSpec> files, CancellationToken cancellationToken)
    {
        // One pass to group the fields by class: this runs over every annotated field of the compilation. A class
        // declared in parts across files gathers its fields from each.
        var sharedByType = ByType(files.SelectMany(f => f.Shared));
        var tiedByType = ByType(files.SelectMany(f => f.Tied));
        var types = sharedByType.Keys.Concat(tiedByType.Keys)
            .Distinct()
            .OrderBy(t => t.MetadataName, System.StringComparer.Ordinal);

        var models = ImmutableArray.CreateBuilder<ModelSpec>();
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
                models.Add(new ModelSpec(type, shared, tied, arrays));
        }
        return models.ToImmutable();
    }

    private static Dictionary<ModelTypeSpec, List<FieldSpec>> ByType(IEnumerable<FieldSpec> fields)
    {
        var byType = new Dictionary<ModelTypeSpec, List<FieldSpec>>();
        foreach (var field in fields)
        {
            if (!byType.TryGetValue(field.Type, out var list))
                byType[field.Type] = list = new List<FieldSpec>();
            list.Add(field);
        }
        return byType;
    }

    private static List<FieldSpec> Ordered(Dictionary<ModelTypeSpec, List<FieldSpec>> byType, ModelTypeSpec type)
        => byType.TryGetValue(type, out var fields) ? fields.OrderBy(f => f.Order).ToList() : new List<FieldSpec>();

    /// <summary>Each key's members in declaration order; groups ordered by their owner's declaration.</summary>
    private static IEnumerable<(string Key, List<(FieldSpec Field, AnnotationSpec Annotation)> Members)> ByKey(List<FieldSpec> fields)
        => fields
            .SelectMany(f => f.Annotations.Select(a => (Field: f, Annotation: a)))
            .GroupBy(m => m.Annotation.Key, System.StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()));

    // The analyzers report each group these rules leave without code.
    private static ValueArray<SharedGroupSpec> SharedGroups(List<FieldSpec> fields)
        => ByKey(fields)
            .Where(g => ModelRules.SharesAnything(g.Members.Count, g.Members[0].Field.Kind))
            .Select(g => new SharedGroupSpec(g.Key, g.Members.Select(m => Member(m.Field, m.Annotation)).ToValueArray()))
            .ToValueArray();

    private static ValueArray<TieGroupSpec> TieGroups(List<FieldSpec> fields)
        => ByKey(fields)
            .Where(g => ModelRules.HasPenalty(g.Members[0].Annotation.Lambda, g.Members[0].Annotation.Norm))
            .Select(g => new TieGroupSpec(
                g.Key,
                g.Members[0].Annotation.Lambda,
                TieNorms.NameOf(g.Members[0].Annotation.Norm)!,
                g.Members.Select(m => Member(m.Field, m.Annotation)).ToValueArray()))
            .ToValueArray();

    private static GroupMemberSpec Member(FieldSpec field, AnnotationSpec annotation)
    {
        string member = annotation.Member ?? "";
        string? shape = field.Shapes.FirstOrDefault(s => s.Member == member)?.Shape;
        return new GroupMemberSpec(field.Name, annotation.Member, annotation.Transpose, field.Kind, shape);
    }
}

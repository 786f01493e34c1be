using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>Ties models to each other: the book's models A and B for related tasks, tied by matching keys.</summary>
public static class Tying
{
    /// <summary>
    /// The penalty of the pairs <em>across</em> models: for every key that two or more of <paramref name="models"/>
    /// declare, <c>Lambda · Σ d(w_i, w_j)</c> over the pairs whose members sit in different models. Each model's own
    /// <c>TyingPenalty()</c> covers its pairs inside it, so
    /// <c>a.TyingPenalty() + b.TyingPenalty() + Tying.Penalty(a, b)</c> counts every pair once.
    /// </summary>
    /// <remarks>
    /// Keys are matched among the groups that the given models declare themselves, not those of tied models
    /// nested in them: pass the nested models to tie those. Shapes are checked when the call runs, since the
    /// models' types may not be known where it is written.
    /// </remarks>
    /// <returns>A scalar of the parameters' dtype and device, with a gradient to every tied parameter.</returns>
    /// <exception cref="ArgumentException">Fewer than two models, or one model twice.</exception>
    /// <exception cref="InvalidOperationException">No key is declared by two of the models; or a key's Lambda,
    /// norm, parameters, shapes, dtypes or devices differ between models. The message names the key, the members
    /// and the shapes.</exception>
    public static Tensor Penalty(params ITiedModel[] models)
    {
        if (models is null || models.Length < 2)
            throw new ArgumentException("Tying.Penalty ties two or more models.", nameof(models));
        if (models.Distinct(ReferenceEqualityComparer.Instance).Count() != models.Length)
            throw new ArgumentException("Tying.Penalty was given the same model twice.", nameof(models));

        // Messages name a model by its type, and by its position too when two models share a type.
        var typeCounts = models.GroupBy(m => m.GetType()).ToDictionary(g => g.Key, g => g.Count());
        var resolved = models
            .Select((m, i) => (Model: m, Name: typeCounts[m.GetType()] > 1 ? $"{m.GetType().Name}#{i}" : m.GetType().Name, Groups: m.Tying.Resolve((nn.Module)m)))
            .ToList();

        using var scope = NewDisposeScope();
        Tensor? total = null;
        bool anyShared = false;
        var keys = resolved.SelectMany(r => r.Groups.Select(g => g.Group.Key)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            var sides = resolved
                .Select(r => (r.Name, Group: r.Groups.FirstOrDefault(g => g.Group.Key == key)))
                .Where(s => s.Group is not null)
                .Select(s => (s.Name, Group: s.Group!))
                .ToList();
            if (sides.Count < 2) continue;
            anyShared = true;

            var first = sides[0];
            foreach (var side in sides.Skip(1))
                CheckAgreement(key, first.Name, first.Group, side.Name, side.Group);

            for (int setIndex = 0; setIndex < first.Group.Sets.Count; setIndex++)
            {
                var perModel = sides.Select(s => s.Group.Sets[setIndex].Slots.Select(slot => slot.Get()).ToList()).ToList();
                var all = perModel.SelectMany(t => t).ToList();

                // The pairs across models are all pairs less the pairs inside each model.
                var term = TieDistance.Of(first.Group.Group.Norm, all);
                foreach (var inside in perModel.Where(t => t.Count >= 2))
                    term = term.sub_(TieDistance.Of(first.Group.Group.Norm, inside));
                total = ParameterTying.Add(total, term.mul_(first.Group.Group.Lambda));
            }
        }
        if (!anyShared)
        {
            throw new InvalidOperationException(
                "Tying.Penalty: no tie key is declared by two of the models, so nothing ties them (" +
                string.Join("; ", resolved.Select(r => $"{r.Name} declares {Keys(r.Groups)}")) + ").");
        }
        return (total ?? ParameterTying.Zero((nn.Module)models[0])).MoveToOuterDisposeScope();
    }

    private static string Keys(IReadOnlyList<ResolvedGroup> groups)
        => groups.Count == 0 ? "no keys" : string.Join(", ", groups.Select(g => $"'{g.Group.Key}'"));

    private static void CheckAgreement(string key, string firstName, ResolvedGroup first, string otherName, ResolvedGroup other)
    {
        if (first.Group.Lambda != other.Group.Lambda)
            throw new InvalidOperationException($"Tie key '{key}': Lambda is {first.Group.Lambda} in {firstName} but {other.Group.Lambda} in {otherName}; a tie across models needs one Lambda.");
        if (first.Group.Norm != other.Group.Norm)
            throw new InvalidOperationException($"Tie key '{key}': Norm is {first.Group.Norm} in {firstName} but {other.Group.Norm} in {otherName}; a tie across models needs one norm.");

        var firstNames = first.Sets.Select(s => s.RelativeName).ToList();
        var otherNames = other.Sets.Select(s => s.RelativeName).ToList();
        if (!firstNames.SequenceEqual(otherNames))
        {
            throw new InvalidOperationException(
                $"Tie key '{key}': '{otherName}.{other.Members[0]}' has parameters {Names(otherNames)} but '{firstName}.{first.Members[0]}' has {Names(firstNames)}; " +
                "tied members must have the same parameters.");
        }

        for (int i = 0; i < first.Sets.Count; i++)
        {
            var a = first.Sets[i].Slots[0].Get();
            var b = other.Sets[i].Slots[0].Get();
            if (!TensorAgreement.SameShape(a, b))
            {
                string suffix = first.Sets[i].RelativeName.Length == 0 ? "" : "." + first.Sets[i].RelativeName;
                throw new InvalidOperationException(
                    $"Tie key '{key}': '{otherName}.{other.Members[0]}{suffix}' is {ModelMember.Shape(b)} but '{firstName}.{first.Members[0]}{suffix}' is {ModelMember.Shape(a)}; tied tensors must have one shape.");
            }
            if (!TensorAgreement.SamePlacement(a, b))
            {
                string suffix = first.Sets[i].RelativeName.Length == 0 ? "" : "." + first.Sets[i].RelativeName;
                throw new InvalidOperationException(
                    $"Tie key '{key}': '{otherName}.{other.Members[0]}{suffix}' is {TensorAgreement.Placement(b)} but '{firstName}.{first.Members[0]}{suffix}' is {TensorAgreement.Placement(a)}; " +
                    "move both models to one dtype and device first.");
            }
        }
    }

    private static string Names(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => n.Length == 0 ? "(the tensor itself)" : $"'{n}'")) + "]";
}

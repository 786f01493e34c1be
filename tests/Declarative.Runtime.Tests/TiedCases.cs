using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>Tensors that one tie group pulls together, by the names <c>named_parameters()</c> lists them under.</summary>
public sealed record TiedSet(double Lambda, TieNorm Norm, params string[] Names);

/// <summary>
/// One kind of [Tied] member, described so that every property can be checked on it: how to build the model, which
/// of its parameters are tied together, and the model's penalty as a function of the model.
/// </summary>
public sealed class TiedCase
{
    public required string Name { get; init; }
    public required Func<nn.Module> Create { get; init; }
    public required IReadOnlyList<TiedSet> Sets { get; init; }
    public Func<nn.Module, Tensor> Penalty { get; init; } = m => ((ITiedModel)m).Tying.Penalty(m);

    public override string ToString() => Name;

    public static IReadOnlyList<Tensor> Tensors(nn.Module model, TiedSet set)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        return set.Names.Select(n => parameters.TryGetValue(n, out var p) ? p : throw new Xunit.Sdk.XunitException($"'{n}' is not in named_parameters(): {string.Join(", ", parameters.Keys)}")).ToList();
    }

    /// <summary>The penalty by its definition: Lambda times the explicit sum over pairs, set by set, in float64.</summary>
    public double Expected(nn.Module model) => Sets.Sum(set => set.Lambda * PenaltyChecks.Pairwise(set.Norm, Tensors(model, set)));

    public IEnumerable<string> TiedNames => Sets.SelectMany(s => s.Names).Distinct();

    private static string[] Layers(string prefix, int count, string tensor) => Enumerable.Range(0, count).Select(i => $"{prefix}.{i}.{tensor}").ToArray();

    private static TiedSet[] Towers(string prefix, double lambda) => new[]
    {
        new TiedSet(lambda, TieNorm.SquaredL2, $"{prefix}towerA.weight", $"{prefix}towerB.weight"),
        new TiedSet(lambda, TieNorm.SquaredL2, $"{prefix}towerA.bias", $"{prefix}towerB.bias"),
    };

    public static readonly IReadOnlyDictionary<string, TiedCase> All = new[]
    {
        new TiedCase { Name = "module", Create = () => new TiedTowers(), Sets = Towers("", TiedTowers.Lambda) },
        new TiedCase
        {
            Name = "native modules (Embedding)",
            Create = () => new TiedEmbeddings(),
            Sets = new[] { new TiedSet(TiedEmbeddings.Lambda, TieNorm.SquaredL2, "source.weight", "target.weight") },
        },
        new TiedCase
        {
            Name = "Parameter fields",
            Create = () => new TiedScales(randn(2, 3), randn(2, 3), randn(2, 3)),
            Sets = new[] { new TiedSet(TiedScales.Lambda, TieNorm.SquaredL2, "first", "second", "third") },
        },
        new TiedCase
        {
            Name = "Parameter fields, L1",
            Create = () => new TiedScalesL1(randn(2, 3), randn(2, 3), randn(2, 3)),
            Sets = new[] { new TiedSet(TiedScalesL1.Lambda, TieNorm.L1, "first", "second", "third") },
        },
        new TiedCase
        {
            Name = "member",
            Create = () => new TiedHeadWeights(),
            Sets = new[] { new TiedSet(TiedHeadWeights.Lambda, TieNorm.SquaredL2, "headA.weight", "headB.weight") },
        },
        new TiedCase
        {
            Name = "member path to a sub-module",
            Create = () => new TiedDeepMember(),
            Sets = new[]
            {
                new TiedSet(TiedDeepMember.Lambda, TieNorm.SquaredL2, "blockA.1.weight", "blockB.1.weight"),
                new TiedSet(TiedDeepMember.Lambda, TieNorm.SquaredL2, "blockA.1.bias", "blockB.1.bias"),
            },
        },
        new TiedCase
        {
            Name = "ModuleList, k = 2",
            Create = () => new TiedLayerList(2),
            Sets = new[] { new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 2, "weight")), new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 2, "bias")) },
        },
        new TiedCase
        {
            Name = "ModuleList, k = 3",
            Create = () => new TiedLayerList(3),
            Sets = new[] { new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 3, "weight")), new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 3, "bias")) },
        },
        new TiedCase
        {
            Name = "ModuleList, k = 12",
            Create = () => new TiedLayerList(12),
            Sets = new[] { new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 12, "weight")), new TiedSet(TiedLayerList.Lambda, TieNorm.SquaredL2, Layers("layers", 12, "bias")) },
        },
        new TiedCase
        {
            Name = "ModuleList, L1, k = 12",
            Create = () => new TiedLayerListL1(12),
            Sets = new[] { new TiedSet(TiedLayerListL1.Lambda, TieNorm.L1, Layers("layers", 12, "weight")), new TiedSet(TiedLayerListL1.Lambda, TieNorm.L1, Layers("layers", 12, "bias")) },
        },
        new TiedCase
        {
            Name = "array of registered modules",
            Create = () => new TiedGateArray(3),
            Sets = new[] { new TiedSet(TiedGateArray.Lambda, TieNorm.SquaredL2, "gate0.weight", "gate1.weight", "gate2.weight") },
        },
        new TiedCase
        {
            Name = "nested tied models",
            Create = () => new NestedTiedModel(),
            Sets = Towers("left.", TiedTowers.Lambda)
                .Concat(Towers("right.", TiedTowers.Lambda))
                .Append(new TiedSet(NestedTiedModel.Lambda, TieNorm.SquaredL2, "left.towerA.weight", "right.towerA.weight"))
                .Append(new TiedSet(NestedTiedModel.Lambda, TieNorm.SquaredL2, "left.towerA.bias", "right.towerA.bias"))
                .Append(new TiedSet(TiedScales.Lambda, TieNorm.SquaredL2, "scales.first", "scales.second", "scales.third"))
                .ToArray(),
        },
        new TiedCase
        {
            Name = "shared and tied in one model",
            Create = () => new SharedAndTiedModel(),
            Sets = new[]
            {
                new TiedSet(SharedAndTiedModel.Lambda, TieNorm.SquaredL2, "mixA.weight", "mixB.weight"),
                new TiedSet(SharedAndTiedModel.Lambda, TieNorm.SquaredL2, "mixA.bias", "mixB.bias"),
            },
        },
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }
}

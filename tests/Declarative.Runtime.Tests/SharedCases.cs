using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// One kind of [Shared] member, described so that every guarantee can be checked on it: how to build the model,
/// where its owner tensor and one alias live, the names they would be listed under, and a scalar loss that uses both.
/// </summary>
public sealed class SharedCase
{
    public required string Name { get; init; }
    public required Func<nn.Module> Create { get; init; }
    public required Func<nn.Module, Tensor> Owner { get; init; }
    public required Func<nn.Module, Tensor> Alias { get; init; }
    public required string OwnerName { get; init; }
    public required string AliasName { get; init; }
    public bool Transposed { get; init; }
    public required Func<nn.Module, Tensor> Loss { get; init; }
    /// <summary>The number of unique trainable scalars, counted by hand from the layer sizes.</summary>
    public required long UniqueParameterCount { get; init; }

    public override string ToString() => Name;

    public static readonly IReadOnlyDictionary<string, SharedCase> All = new[]
    {
        new SharedCase
        {
            Name = "member",
            Create = () => new TiedLanguageModel(11, 5),
            Owner = m => ((TiedLanguageModel)m).Embed.weight!,
            Alias = m => ((TiedLanguageModel)m).Head.weight,
            OwnerName = "embed.weight",
            AliasName = "head.weight",
            Loss = m => ((TiedLanguageModel)m).call(tensor(new long[] { 1, 2, 3, 2, 10 })).tanh().sum(),
            UniqueParameterCount = 11 * 5,
        },
        new SharedCase
        {
            Name = "member, alias declared first",
            Create = () => new HeadFirstLanguageModel(11, 5),
            Owner = m => ((HeadFirstLanguageModel)m).Head.weight,
            Alias = m => ((HeadFirstLanguageModel)m).Embed.weight!,
            OwnerName = "head.weight",
            AliasName = "embed.weight",
            Loss = m => ((HeadFirstLanguageModel)m).call(tensor(new long[] { 0, 4, 4, 7 })).tanh().sum(),
            UniqueParameterCount = 11 * 5,
        },
        new SharedCase
        {
            Name = "module",
            Create = () => new TwinEncoders(6, 4),
            Owner = m => Named(((TwinEncoders)m).Left, "0.weight"),
            Alias = m => Named(((TwinEncoders)m).Right, "0.weight"),
            OwnerName = "left.0.weight",
            AliasName = "right.0.weight",
            Loss = m => ((TwinEncoders)m).call(Input(m, 3, 6, seed: 1), Input(m, 3, 6, seed: 2)).sum(),
            UniqueParameterCount = (6 * 4 + 4) + (4 + 4) + (4 * 4 + 4),
        },
        new SharedCase
        {
            Name = "parameter",
            Create = () => new SharedScales(5),
            Owner = m => ((SharedScales)m).Inner,
            Alias = m => ((SharedScales)m).Outer,
            OwnerName = "inner",
            AliasName = "outer",
            Loss = m => ((SharedScales)m).call(Input(m, 2, 5, seed: 3)).tanh().sum(),
            UniqueParameterCount = 5 + (5 * 5 + 5),
        },
        new SharedCase
        {
            Name = "collection",
            Create = () => new SharedStack(4, 3),
            Owner = m => ((SharedStack)m).First.weight,
            Alias = m => ((SharedStack)m).Rest[1].weight,
            OwnerName = "first.weight",
            AliasName = "rest.1.weight",
            Loss = m => ((SharedStack)m).call(Input(m, 2, 4, seed: 4)).sum(),
            UniqueParameterCount = 4 * 4 + 4,
        },
        new SharedCase
        {
            Name = "array",
            Create = () => new GateArray(4, 3),
            Owner = m => ((GateArray)m).Gates[0].weight,
            Alias = m => ((GateArray)m).Gates[2].weight,
            OwnerName = "gates.0.weight",
            AliasName = "gates.2.weight",
            Loss = m => ((GateArray)m).call(Input(m, 2, 4, seed: 5)).sum(),
            UniqueParameterCount = 4 * 4,
        },
        new SharedCase
        {
            Name = "transpose",
            Create = () => new TiedAutoencoder(6, 3),
            Owner = m => ((TiedAutoencoder)m).Encoder.weight,
            Alias = m => ((TiedAutoencoder)m).Decoder.weight,
            OwnerName = "encoder.weight",
            AliasName = "decoder.weight",
            Transposed = true,
            Loss = m => ((TiedAutoencoder)m).call(Input(m, 2, 6, seed: 6)).square().sum(),
            UniqueParameterCount = 3 * 6 + 3 + 6,
        },
        new SharedCase
        {
            Name = "nested",
            Create = () => new Classifier(11, 5),
            Owner = m => ((Classifier)m).Body.Embed.weight!,
            Alias = m => ((Classifier)m).Body.Head.weight,
            OwnerName = "body.embed.weight",
            AliasName = "body.head.weight",
            Loss = m => ((Classifier)m).call(tensor(new long[] { 1, 2, 3 })).tanh().sum(),
            UniqueParameterCount = 11 * 5 + (11 * 2 + 2),
        },
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names => new(All.Keys);

    private static Tensor Named(nn.Module module, string name) => module.named_parameters().Single(p => p.name == name).parameter;

    /// <summary>A fixed input of the model's dtype, the same for every call with the same seed.</summary>
    private static Tensor Input(nn.Module model, long rows, long columns, int seed)
    {
        var generator = new Generator((ulong)seed);
        var dtype = model.parameters().First().dtype;
        return randn(new[] { rows, columns }, generator: generator).to(dtype);
    }
}

using System;
using Xunit;

namespace Declarative.Package.Tests;

/// <summary>
/// The package as users get it: a separate project that references the packed package (<see cref="PackageFixture"/>),
/// built and run.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerFromPackageTests
{
    private readonly PackageFixture _package;

    public ConsumerFromPackageTests(PackageFixture package) => _package = package;

    private const string ConsumerProgram = """
        using System;
        using System.Linq;
        using Declarative;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        manual_seed(3);
        var model = new TiedLanguageModel(12, 8);
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        var inputs = arange(12, dtype: int64);
        var targets = (inputs + 1) % 12;
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.call(inputs), targets);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Console.WriteLine($"parameters {model.parameters().Sum(p => p.numel())}");
        Console.WriteLine($"names {string.Join(",", model.named_parameters().Select(p => p.name))}");
        Console.WriteLine(last < first / 2 ? "trained" : $"did not train: {first} -> {last}");

        public partial class TiedLanguageModel : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;

            public TiedLanguageModel(long vocab, long dim) : base(nameof(TiedLanguageModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(dim, vocab, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
        }
        """;

    /// <summary>A model whose head is built the wrong way round: [dim, vocab] against the embedding's [vocab, dim].</summary>
    private const string MismatchedModel = """
        using Declarative;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public partial class MismatchedLanguageModel : Module<Tensor, Tensor>
        {
            [Shared("vocab", Member = "weight")] private readonly Embedding embed;
            [Shared("vocab", Member = "weight")] private readonly Linear head;

            public MismatchedLanguageModel(long vocab, long dim) : base(nameof(MismatchedLanguageModel))
            {
                embed = Embedding(vocab, dim);
                head = Linear(vocab, dim, hasBias: false);
                RegisterComponents();
            }

            public override Tensor forward(Tensor tokens) => head.call(embed.call(tokens));
        }
        """;

    [Fact]
    public void Package_generates_code_that_trains_and_reports_shape_errors_in_a_separate_project()
    {
        _package.UseSources(("Program.cs", ConsumerProgram));
        var build = _package.Build();
        Assert.True(build.ExitCode == 0, build.Output);

        var run = DotNet.Run(_package.ConsumerDirectory, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("parameters 96", run.Output);           // 12 x 8, stored once
        Assert.Contains("names embed.weight" + Environment.NewLine, run.Output);
        Assert.Contains("trained", run.Output);

        // The analyzers come with the package: a shape error fails the build, with file and line.
        _package.UseSources(("Program.cs", ConsumerProgram), ("Mismatched.cs", MismatchedModel));
        var failing = _package.Build();
        Assert.NotEqual(0, failing.ExitCode);
        const string expected = "Mismatched.cs(9,6): error DECL001: 'head.weight' is [dim, vocab] but 'embed.weight', owner of shared group 'vocab', is [vocab, dim]";
        Assert.True(failing.Output.Contains(expected, StringComparison.Ordinal), failing.Output);
    }
}

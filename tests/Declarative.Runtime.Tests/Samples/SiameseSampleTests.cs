using System.IO;
using System.Linq;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Siamese;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Samples;

public class SiameseSampleTests
{
    [Fact]
    public void Shared_twins_are_one_encoder_and_separate_twins_two()
    {
        manual_seed(2);
        using var twins = new SharedTwins(16, 64, 8);
        using var separate = new SeparateTwins(16, 64, 8);

        long oneEncoder = twins.Left.parameters().Sum(p => p.numel());
        Assert.Equal(oneEncoder, twins.parameters().Sum(p => p.numel()));
        Assert.Equal(2 * oneEncoder, separate.parameters().Sum(p => p.numel()));
        Assert.All(twins.Left.parameters().Zip(twins.Right.parameters()), p => Assert.Equal(Address(p.First), Address(p.Second)));
    }

    [Fact]
    public void Distance_of_shared_twins_is_symmetric_exactly_and_of_separate_twins_is_not()
    {
        manual_seed(2);
        using var twins = new SharedTwins(16, 64, 8);
        using var separate = new SeparateTwins(16, 64, 8);
        var a = randn(100, 16);
        var b = randn(100, 16);

        Assert.True(twins.call(a, b).eq(twins.call(b, a)).all().item<bool>());
        Assert.True((separate.call(a, b) - separate.call(b, a)).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void Contrastive_loss_pulls_similar_pairs_and_pushes_dissimilar_ones_to_the_margin()
    {
        var distance = tensor(new[] { 0.2f, 0.3f, 1.5f });
        var same = tensor(new[] { true, false, false });

        // (0.2² + (1 - 0.3)² + 0) / 3: a dissimilar pair beyond the margin costs nothing.
        double expected = (0.04 + 0.49 + 0) / 3;
        Assert.Equal(expected, SiameseSample.ContrastiveLoss(distance, same).item<float>(), tolerance: 1e-6);
    }

    [Fact]
    public void Quick_run_holds_with_one_parameter_set_and_a_falling_loss()
    {
        var output = new StringWriter();
        var report = new SiameseSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        Assert.Equal(2 * report.UniqueParameters, report.ParametersWithoutSharing);
        Assert.Equal(5, report.LossCurve.Count);
        Assert.True(report.FinalLoss < report.LossCurve[0], $"loss went from {report.LossCurve[0]} to {report.FinalLoss}");
        Assert.Contains("twins 0;", output.ToString());
    }
}

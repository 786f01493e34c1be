using System.IO;
using System.Linq;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Autoencoder;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Samples;

public class TiedAutoencoderSampleTests
{
    [Fact]
    public void Decoder_holds_no_weight_of_its_own()
    {
        manual_seed(4);
        using var model = new TiedAutoencoder(32, 4);

        Assert.Equal(32 * 4 + 4 + 32, model.parameters().Sum(p => p.numel()));
        Assert.Equal(new[] { "encoder.weight", "encoder.bias", "decoder.bias" }, model.state_dict().Keys);
        Assert.Equal(Address(model.Encoder.weight!), Address(model.Decoder.weight!));
        Assert.True(TiedAutoencoderSample.IsTied(model));
    }

    [Fact]
    public void Is_tied_is_false_for_equal_values_in_separate_storage()
    {
        // The check the sample reports must not pass on a copy: values equal, storage not.
        manual_seed(4);
        using var model = new TiedAutoencoder(32, 4);
        using (no_grad())
            model.Decoder.weight = new TorchSharp.Modules.Parameter(model.Encoder.weight!.t().clone());

        Assert.True(model.Decoder.weight!.eq(model.Encoder.weight!.t()).all().item<bool>());
        Assert.False(TiedAutoencoderSample.IsTied(model));
    }

    [Fact]
    public void Principal_component_error_is_the_variance_outside_the_top_components()
    {
        manual_seed(5);
        // Rank 3 in the first seven coordinates, and a last coordinate of variance 0.25 that three components
        // (all taken by the far larger rank-3 part) cannot keep.
        var lowRank = randn(4_000, 3).mm(randn(3, 7));
        var extra = 0.5 * randn(4_000, 1);

        Assert.Equal(0.0, TiedAutoencoderSample.PrincipalComponentError(lowRank, 3), tolerance: 1e-4);
        double expected = extra.var().item<float>() / 8;
        Assert.Equal(expected, TiedAutoencoderSample.PrincipalComponentError(cat(new[] { lowRank, extra }, 1), 3), tolerance: 0.02 * expected);
    }

    [Fact]
    public void Quick_run_holds_through_training_a_dtype_round_trip_and_a_checkpoint()
    {
        var output = new StringWriter();
        var report = new TiedAutoencoderSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        Assert.Equal(164, report.UniqueParameters);
        Assert.Equal(164 + 32 * 4, report.ParametersWithoutSharing);
        Assert.True(report.FinalLoss < report.LossCurve[0], $"loss went from {report.LossCurve[0]} to {report.FinalLoss}");
        Assert.Contains("holds encoder.weight, encoder.bias, decoder.bias", output.ToString());
    }
}

using System.IO;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Cnn;
using Declarative.Gallery.Systems.Rnn;
using Xunit;

namespace Declarative.Runtime.Tests.Samples;

/// <summary>The gallery's convolutional and recurrent systems: weight sharing by construction.</summary>
public class CnnAndRnnSampleTests
{
    [Fact]
    public void Cnn_feature_map_shifts_with_the_input_and_costs_a_fraction_of_a_locally_connected_net()
    {
        var output = new StringWriter();
        var report = new CnnSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        // conv1 6x(1x5x5)+6 = 156 and conv2 12x(6x3x3)+12 = 660, slid over 12x12 and 4x4 positions.
        Assert.Contains("convolutions: 816 parameters", output.ToString());
        Assert.Contains("same receptive fields: 33,024", output.ToString());
        Assert.Equal(816 + (48 * 32 + 32) + (32 * 3 + 3), report.UniqueParameters);
        Assert.Equal(report.UniqueParameters - 816 + 33_024, report.ParametersWithoutSharing);
    }

    [Fact]
    public void Rnn_reads_every_sequence_length_with_one_weight_set()
    {
        var output = new StringWriter();
        var report = new RnnSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        // GRU cell: 3 gates x (16x1 + 16x16 + 2x16) = 912; read-out 16x2+2 = 34.
        Assert.Equal(912 + 34, report.UniqueParameters);
        Assert.Equal(25 * 912 + 34, report.ParametersWithoutSharing);
    }
}

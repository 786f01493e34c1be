using System.IO;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Pretrained;
using Xunit;

namespace Declarative.Runtime.Tests.Samples;

public class PortPretrainedSampleTests
{
    [Fact]
    public void Hugging_face_checkpoint_gives_pytorchs_logits_and_the_tie_holds_through_resize_training_and_save()
    {
        var output = new StringWriter();

        var report = new PortPretrainedSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        Assert.Contains("reloaded gives the same logits: yes", output.ToString());
        Assert.Equal(report.UniqueParameters + (PortPretrainedSample.Checkpointed.Vocab + PortPretrainedSample.AddedTokens) * 16, report.ParametersWithoutSharing);
    }
}

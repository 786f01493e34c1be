using System.IO;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Distillation;
using Xunit;

namespace Declarative.Runtime.Tests.Samples;

/// <summary>The distillation sample: the student improves, the teacher does not change.</summary>
public class DistillationSampleTests
{
    [Fact]
    public void Student_improves_and_teacher_stays_bitwise_unchanged()
    {
        var result = Distillation();

        Assert.True(result.TeacherUnchanged, "a teacher parameter changed during distillation");
        Assert.True(result.StudentAccuracyAfter > result.StudentAccuracyBefore + 0.2,
            $"student accuracy {result.StudentAccuracyBefore:P1} -> {result.StudentAccuracyAfter:P1}");
        Assert.True(result.MatchingLosses[^1] < 0.5 * result.MatchingLosses[0],
            $"matching loss {result.MatchingLosses[0]:G4} -> {result.MatchingLosses[^1]:G4}");
        Assert.True(result.StudentParameters < result.TeacherParameters);
        Assert.True(result.Holds);
    }

    [Fact]
    public void Runs_quick_and_reports_that_the_property_holds()
    {
        var output = new StringWriter();
        var sample = SampleCatalog.Find("distillation");
        Assert.NotNull(sample);

        var report = sample!.Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, report.Property);
        Assert.Contains("bitwise unchanged: yes", output.ToString());
    }

    private static DistillationResult Distillation() => DistillationSample.Distill(quick: true);
}

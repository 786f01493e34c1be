using System;
using System.IO;
using System.Linq;
using Declarative.Gallery;
using Declarative.Gallery.Systems.Albert;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Samples;

public class AlbertSampleTests
{
    /// <summary>ALBERT-base's parameters, from the layer shapes alone: what the models must count.</summary>
    private static long Expected(AlbertSharing sharing, long e)
    {
        const long vocab = 30_000, positions = 512, types = 2, h = 768, ffn = 3_072, layers = 12;
        long embeddings = (vocab + positions + types) * e + 2 * e + (e * h + h);
        long attention = 4 * (h * h + h);
        long feedForward = (h * ffn + ffn) + (ffn * h + h);
        long norms = 2 * (2 * h);
        long pooler = h * h + h;
        long perLayer = sharing switch
        {
            AlbertSharing.AllShared => 0,
            AlbertSharing.SharedAttention => feedForward + norms,
            AlbertSharing.SharedFfn => attention + norms,
            _ => attention + feedForward + norms,
        };
        long sharedOnce = sharing switch
        {
            AlbertSharing.AllShared => attention + feedForward + norms,
            AlbertSharing.SharedAttention => attention,
            AlbertSharing.SharedFfn => feedForward,
            _ => 0,
        };
        return embeddings + sharedOnce + layers * perLayer + pooler;
    }

    [Theory]
    [InlineData(AlbertSharing.AllShared, 128)]
    [InlineData(AlbertSharing.SharedAttention, 128)]
    [InlineData(AlbertSharing.SharedFfn, 128)]
    [InlineData(AlbertSharing.NotShared, 128)]
    [InlineData(AlbertSharing.AllShared, 768)]
    [InlineData(AlbertSharing.SharedAttention, 768)]
    [InlineData(AlbertSharing.SharedFfn, 768)]
    [InlineData(AlbertSharing.NotShared, 768)]
    public void Albert_base_counts_equal_the_layer_shapes_and_are_within_tolerance_of_the_paper(AlbertSharing sharing, long embeddingSize)
    {
        long count = AlbertSample.CountBase(sharing, embeddingSize);

        Assert.Equal(Expected(sharing, embeddingSize), count);
        double paper = AlbertSample.PaperMillions[(sharing, embeddingSize)];
        Assert.InRange(count / 1e6 / paper - 1, -AlbertSample.PaperTolerance, AlbertSample.PaperTolerance);
    }

    [Fact]
    public void Ablation_lists_both_embedding_sizes_of_every_strategy_with_its_exact_count()
    {
        var rows = AlbertSample.Ablation();

        Assert.Equal(8, rows.Count);
        foreach (var row in rows)
            Assert.Equal(Expected(row.Sharing, row.EmbeddingSize), row.Parameters);
        Assert.Equal(11_683_584, rows.Single(r => r.Sharing == AlbertSharing.AllShared && r.EmbeddingSize == 128).Parameters);
        Assert.Equal(109_671_936, rows.Single(r => r.Sharing == AlbertSharing.NotShared && r.EmbeddingSize == 768).Parameters);
    }

    [Theory]
    [InlineData(AlbertSharing.AllShared, true, true)]
    [InlineData(AlbertSharing.SharedAttention, true, false)]
    [InlineData(AlbertSharing.SharedFfn, false, true)]
    [InlineData(AlbertSharing.NotShared, false, false)]
    public void Each_strategy_shares_exactly_what_its_attributes_name(AlbertSharing sharing, bool attentionShared, bool ffnShared)
    {
        manual_seed(1);
        using var model = AlbertEncoder.Create(sharing, AlbertSample.Small);
        var first = model.Layers[0];

        foreach (var layer in model.Layers.Skip(1))
        {
            Assert.All(layer.Attention.parameters().Zip(first.Attention.parameters()),
                p => Assert.Equal(attentionShared, Address(p.First) == Address(p.Second)));
            Assert.All(layer.Ffn.parameters().Zip(first.Ffn.parameters()),
                p => Assert.Equal(ffnShared, Address(p.First) == Address(p.Second)));
            // The LayerNorms are outside attention and ffn: only the whole-layer group shares them.
            var norms = layer.named_parameters().Where(p => p.name.Contains("Norm")).Select(p => Address(p.parameter));
            var firstNorms = first.named_parameters().Where(p => p.name.Contains("Norm")).Select(p => Address(p.parameter));
            Assert.Equal(sharing == AlbertSharing.AllShared, norms.SequenceEqual(firstNorms));
        }
        Assert.Equal(model.parameters().Count(), model.parameters().Select(p => Address(p)).Distinct().Count());
    }

    [Fact]
    public void Quick_run_prints_the_ablation_beside_the_paper_and_holds()
    {
        var output = new StringWriter();
        var report = new AlbertSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        string text = output.ToString();
        Assert.Contains("all-shared         128    11.7M     12M", text);
        Assert.Contains("not-shared         768   109.7M    108M", text);
        Assert.Equal(5, report.LossCurve.Count);

        // The trained small encoder and classifier: one layer's tensors instead of four.
        using var notShared = new AlbertNotShared(AlbertSample.Small, META);
        using var allShared = new AlbertAllShared(AlbertSample.Small, META);
        long classifier = AlbertSample.Small.Hidden * 2 + 2;
        Assert.Equal(allShared.parameters().Sum(p => p.numel()) + classifier, report.UniqueParameters);
        Assert.Equal(notShared.parameters().Sum(p => p.numel()) + classifier, report.ParametersWithoutSharing);
    }

    [Fact]
    public void All_shared_albert_learns_the_synthetic_task()
    {
        // Five steps (--quick) are inside the plateau at ln 2 that post-norm transformers start with; 80 are well past it.
        var training = AlbertSample.TrainAllShared(steps: 80);

        double start = training.Losses.Take(5).Average(), end = training.Losses.TakeLast(5).Average();
        Assert.True(end < 0.5 * start, $"loss went from {start:F3} to {end:F3}");
        Assert.True(training.HeldOutAccuracy > 0.9, $"held-out accuracy {training.HeldOutAccuracy:P1}");
        Assert.True(training.OneTensorSet);
    }
}

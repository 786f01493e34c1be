using System.IO;
using System.Linq;
using Declarative.Gallery;
using Declarative.Gallery.Systems.TiedEmbeddings;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests.Samples;

public class TiedLanguageModelSampleTests
{
    [Fact]
    public void Gpt2_small_counts_124439808_tied_and_163037184_untied()
    {
        var (tied, untied) = TiedLanguageModelSample.Count(Gpt2Config.Small);

        Assert.Equal(124_439_808, tied);
        Assert.Equal(163_037_184, untied);
        Assert.Equal(50_257L * 768, untied - tied);
    }

    [Fact]
    public void Gpt2_small_is_counted_on_meta_with_the_head_left_out_as_an_alias()
    {
        using var model = new TiedGpt2(Gpt2Config.Small, META);

        Assert.All(model.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("tokens.weight", names);
        Assert.DoesNotContain("head.weight", names);
    }

    [Fact]
    public void Tied_head_stays_the_token_embedding_through_a_float64_move_and_an_optimizer_step()
    {
        manual_seed(3);
        using var model = new TiedGpt2(TiedLanguageModelSample.Tiny);
        model.to(float64);
        Assert.Equal(Address(model.Tokens.Weight), Address(model.Head.weight!));

        var optimizer = optim.SGD(model.parameters(), 0.1);
        var tokens = randint(0, TiedLanguageModelSample.Tiny.Vocab, new long[] { 2, 8 });
        var logits = model.call(tokens);
        Assert.Equal(new long[] { 2, 8, TiedLanguageModelSample.Tiny.Vocab }, logits.shape);
        nn.functional.cross_entropy(logits.reshape(-1, TiedLanguageModelSample.Tiny.Vocab), tokens.reshape(-1)).backward();
        var expected = model.Tokens.Weight - 0.1 * model.Tokens.Weight.grad!;
        optimizer.step();

        Assert.True(model.Tokens.Weight.allclose(expected, rtol: 0, atol: 1e-12));
        Assert.True(model.Head.weight!.eq(model.Tokens.Weight).all().item<bool>());
        Assert.Equal(Address(model.Tokens.Weight), Address(model.Head.weight!));
    }

    [Fact]
    public void Markov_chain_with_one_successor_per_token_is_deterministic_and_has_zero_entropy()
    {
        var chain = MarkovChain.WithRandomTransitions(vocab: 10, successors: 1, seed: 1);
        var walk = chain.Sample(200, start: 0);

        // Every token is always followed by the same one.
        var successor = walk.Zip(walk.Skip(1)).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.Select(p => p.Second).Distinct().Count());
        Assert.All(successor.Values, count => Assert.Equal(1, count));
        Assert.Equal(0.0, chain.Entropy(tensor(walk)), tolerance: 1e-12);
    }

    [Fact]
    public void Quick_run_holds_and_reports_the_tiny_models_counts_and_a_falling_loss()
    {
        var output = new StringWriter();
        var report = new TiedLanguageModelSample().Run(new SampleContext(Quick: true, output));

        Assert.True(report.Holds, output.ToString());
        Assert.Contains("tied 124,439,808, untied 163,037,184 (+38,597,376)", output.ToString());
        var tiny = TiedLanguageModelSample.Tiny;
        Assert.Equal(tiny.Vocab * tiny.Width, report.ParametersWithoutSharing - report.UniqueParameters);
        Assert.True(report.FinalLoss < report.LossCurve[0], $"loss went from {report.LossCurve[0]} to {report.FinalLoss}");
    }
}

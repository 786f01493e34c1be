using System.Linq;
using Declarative.Runtime.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>TorchSharp really executes here: a small model with a shared tensor trains.</summary>
public class TrainingTests
{
    [Fact]
    public void Tied_language_model_learns_to_predict_the_next_token()
    {
        manual_seed(1);
        const int vocab = 12;
        var model = new TiedLanguageModel(vocab, 16);
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);

        // A deterministic corpus: each token is followed by the next one modulo the vocabulary.
        var inputs = arange(vocab, dtype: int64);
        var targets = (inputs + 1) % vocab;

        double Step()
        {
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(inputs), targets);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        var losses = Enumerable.Range(0, 60).Select(_ => Step()).ToList();

        Assert.True(losses[^1] < 0.5 * losses[0], $"loss went from {losses[0]:G4} to {losses[^1]:G4}");
        Assert.Equal(NativeStorage.Address(model.Embed.weight!), NativeStorage.Address(model.Head.weight));
    }
}

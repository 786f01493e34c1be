using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Gallery.Systems.TiedEmbeddings;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Declarative.Gallery.Systems.Pretrained;

/// <summary>
/// Port a pretrained model: a small GPT-2 saved by PyTorch in Hugging Face's layout (the tied head left out, its
/// projections as [in, out] Conv1D weights) loads into the gallery's <c>TiedGpt2</c> through a key map, gives
/// PyTorch's logits, grows its vocabulary by three tokens, fine-tunes, and is saved in the same layout again.
/// </summary>
public sealed class PortPretrainedSample : ISample
{
    /// <summary>The sizes of the committed checkpoint (tests/Declarative.Runtime.Tests/Pretrained/Fixtures/pytorch_reference.py).</summary>
    public static readonly Gpt2Config Checkpointed = new(Vocab: 40, Positions: 16, Width: 16, Layers: 2, Heads: 4);

    /// <summary>Tokens added to the vocabulary before fine-tuning.</summary>
    public const int AddedTokens = 3;

    /// <summary>The checkpoint in Hugging Face's layout and PyTorch's outputs for it, beside the gallery.</summary>
    public static string CheckpointFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Systems", "Pretrained", "Gpt2Checkpoint");

    public string Name => "pretrained";
    public string System => "Port a pretrained model (Hugging Face GPT-2)";
    public string Mechanism => "the file holds the tied tensor once; loading and saving keep the tie";

    public SampleReport Run(SampleContext context)
    {
        var output = context.Output;
        using var model = new TiedGpt2(Checkpointed);
        var keys = Gpt2Keys.HuggingFace();
        model.LoadCheckpoint(CheckpointFolder, keys: keys);

        var reference = PyTorchUnpickler.UnpickleStateDict(Path.Combine(CheckpointFolder, "pytorch_outputs.pt"));
        var inputs = (Tensor)reference["inputs"]!;
        double difference;
        using (no_grad())
        {
            model.eval();
            difference = (model.call(inputs) - (Tensor)reference["outputs"]!).abs().max().item<float>();
        }
        bool tiedAfterLoad = TensorStorage.Same(model.Tokens.Weight, model.Head.weight);
        output.WriteLine($"   loaded model.safetensors (Hugging Face's layout, no lm_head.weight) through a key map: logits differ from " +
                         $"PyTorch's by at most {difference:E1}; head and token embedding one storage: {YesNo(tiedAfterLoad)}");

        model.ResizeTokenEmbeddings("vocab", Checkpointed.Vocab + AddedTokens);
        long vocab = Checkpointed.Vocab + AddedTokens;
        bool tiedAfterResize = TensorStorage.Same(model.Tokens.Weight, model.Head.weight) && model.Head.weight.shape[0] == vocab;
        output.WriteLine($"   vocabulary {Checkpointed.Vocab} -> {vocab} tokens, new rows drawn at the old rows' mean (Hugging Face's default): " +
                         $"still one storage: {YesNo(tiedAfterResize)}");

        manual_seed(11);
        var chain = MarkovChain.WithRandomTransitions(vocab, successors: 3, seed: 11);
        var corpus = tensor(chain.Sample(4_000, start: vocab - 1));
        model.train();
        var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        var losses = new List<double>();
        int steps = context.Steps(80);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var (window, next) = TiedLanguageModelSample.Windows(corpus, 16, (int)Checkpointed.Positions);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.call(window).reshape(-1, vocab), next.reshape(-1));
            loss.backward();
            optimizer.step();
            context.TrainingStep(step + 1, steps);
            losses.Add(loss.item<float>());
        }
        output.WriteLine($"   fine-tuned {steps} steps on a Markov chain that uses the new tokens: loss {losses[0]:F3} -> {losses[^1]:F3} nats");

        string folder = Path.Combine(Path.GetTempPath(), "declarative-gallery-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string saved = Path.Combine(folder, "model.safetensors");
            model.SaveSafetensors(saved, keys);
            var tensorKeys = SavedKeys(saved);
            bool once = tensorKeys.Contains("transformer.wte.weight") && !tensorKeys.Contains("lm_head.weight");

            using var reloaded = new TiedGpt2(Checkpointed with { Vocab = vocab });
            reloaded.LoadSafetensors(saved, keys: keys);
            bool same;
            using (no_grad())
            {
                model.eval();
                reloaded.eval();
                same = model.call(inputs).eq(reloaded.call(inputs)).all().item<bool>();
            }
            output.WriteLine($"   saved in Hugging Face's layout again ({new FileInfo(saved).Length:N0} bytes, {tensorKeys.Count} tensors): " +
                             $"the tied tensor once, as transformer.wte.weight, no lm_head.weight: {YesNo(once)}; reloaded gives the same logits: {YesNo(same)}");

            long unique = model.parameters().Sum(p => p.numel());
            return new SampleReport(unique, unique + model.Head.weight.numel(), losses,
                "PyTorch's logits from Hugging Face's file; the tie holds through load, resize, training and save; the file holds it once",
                difference <= 1e-5 && tiedAfterLoad && tiedAfterResize && TensorStorage.Same(model.Tokens.Weight, model.Head.weight) && once && same);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The keys of a safetensors file, read with PyBridge.</summary>
    private static HashSet<string> SavedKeys(string path)
    {
        var entries = Safetensors.LoadStateDict(path);
        foreach (var tensor in entries.Values) tensor.Dispose();
        return entries.Keys.ToHashSet();
    }

    private static string YesNo(bool value) => value ? "yes" : "NO";
}

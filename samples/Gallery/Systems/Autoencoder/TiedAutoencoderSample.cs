using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Gallery.Systems.Autoencoder;

/// <summary>
/// A tied linear autoencoder on points near a low-dimensional subspace: it learns the subspace (its error
/// approaches principal component analysis's), and W_dec = W_encᵀ holds exactly after training, after a
/// float64 round trip and after a checkpoint is loaded into a fresh model.
/// </summary>
public sealed class TiedAutoencoderSample : ISample
{
    private const int Points = 2_048;
    private const int Input = 32;
    private const int Rank = 4;
    private const double Noise = 0.1;

    public string Name => "tied-autoencoder";
    public string System => "Tied autoencoder (Hinton and Salakhutdinov 2006)";
    public string Mechanism => "the decoder's weight is the encoder's, transposed";

    public SampleReport Run(SampleContext context)
    {
        var output = context.Output;
        torch.manual_seed(11);
        var data = torch.randn(Points, Rank).mm(torch.randn(Rank, Input)) + Noise * torch.randn(Points, Input);
        double pcaError = PrincipalComponentError(data, Rank);

        using var model = new TiedAutoencoder(Input, Rank);
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var losses = new List<double>();
        int steps = context.Steps(400);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = (model.call(data) - data).square().mean();
            loss.backward();
            optimizer.step();
            context.TrainingStep(step + 1, steps);
            losses.Add(loss.item<float>());
        }
        output.WriteLine($"   {Points:N0} points in {Input}-D near a {Rank}-D subspace: reconstruction error {losses[0]:F4} -> {losses[^1]:F4} " +
                         $"in {steps} steps (principal component analysis's best with {Rank} components: {pcaError:F4})");

        var trained = model.Encoder.weight!.clone();
        bool afterTraining = IsTied(model);

        model.to(float64);
        bool afterFloat64 = IsTied(model) && model.Decoder.weight!.dtype == ScalarType.Float64;
        model.to(float32);
        bool afterRoundTrip = IsTied(model) && model.Encoder.weight!.eq(trained).all().item<bool>();

        byte[] checkpoint;
        using (var stream = new MemoryStream())
        {
            model.save(stream);
            checkpoint = stream.ToArray();
        }
        torch.manual_seed(99);
        using var fresh = new TiedAutoencoder(Input, Rank);
        fresh.load(new MemoryStream(checkpoint));
        bool afterLoad = IsTied(fresh) && fresh.Encoder.weight!.eq(trained).all().item<bool>()
                         && fresh.call(data).eq(model.call(data)).all().item<bool>();

        output.WriteLine($"   decoder.weight = encoder.weightᵀ, one storage: after training {YesNo(afterTraining)}; after to(Float64) {YesNo(afterFloat64)}; " +
                         $"back to Float32 {YesNo(afterRoundTrip)}; loaded into a fresh model {YesNo(afterLoad)}");
        output.WriteLine($"   the checkpoint ({checkpoint.Length:N0} bytes) holds {string.Join(", ", model.state_dict().Keys)}: the decoder's weight is not stored");

        long unique = model.parameters().Sum(p => p.numel());
        return new SampleReport(unique, unique + model.Decoder.weight!.numel(), losses,
            "decoder.weight = encoder.weightᵀ exactly after training, a Float64 round trip and a checkpoint load",
            afterTraining && afterFloat64 && afterRoundTrip && afterLoad);
    }

    /// <summary>Whether the decoder's weight is the encoder's transpose: equal values and one storage.</summary>
    public static bool IsTied(TiedAutoencoder model)
        => TensorStorage.Same(model.Decoder.weight!, model.Encoder.weight!)
           && model.Decoder.weight!.eq(model.Encoder.weight!.t()).all().item<bool>();

    /// <summary>
    /// The least mean squared error of any reconstruction through <paramref name="rank"/> dimensions (with a mean):
    /// the variance outside the top principal components, per coordinate.
    /// </summary>
    public static double PrincipalComponentError(Tensor data, int rank)
    {
        var centered = data - data.mean(new long[] { 0 }, keepdim: true);
        var covariance = centered.t().mm(centered) / data.shape[0];
        var eigenvalues = torch.linalg.eigvalsh(covariance); // ascending
        return eigenvalues.narrow(0, 0, data.shape[1] - rank).sum().item<float>() / data.shape[1];
    }

    private static string YesNo(bool value) => value ? "yes" : "NO";
}

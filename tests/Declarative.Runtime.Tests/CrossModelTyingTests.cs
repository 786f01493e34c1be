using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.PenaltyChecks;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// <see cref="Tying.Penalty(ITiedModel[])"/>: models tied to each other by matching keys (the book's models A and B;
/// Lasserre et al. 2006): the pairs across models, exactly, and clear errors when the sides do not match.
/// </summary>
public class CrossModelTyingTests
{
    private static (FeatureClassifier Classifier, FeatureAutoencoder Autoencoder) Models()
    {
        manual_seed(21);
        var classifier = new FeatureClassifier();
        var autoencoder = new FeatureAutoencoder();
        classifier.to(float64);
        autoencoder.to(float64);
        return (classifier, autoencoder);
    }

    [Fact]
    public void Penalty_is_lambda_times_the_sum_over_the_pairs_across_models()
    {
        var (classifier, autoencoder) = Models();
        var c = classifier.Features;
        double expected = FeatureClassifier.Lambda * (
            Pairwise(TieNorm.SquaredL2, new[] { c.weight, autoencoder.Encoder.weight }) +
            Pairwise(TieNorm.SquaredL2, new[] { c.weight, autoencoder.EncoderCopy.weight }) +
            Pairwise(TieNorm.SquaredL2, new[] { c.bias!, autoencoder.Encoder.bias! }) +
            Pairwise(TieNorm.SquaredL2, new[] { c.bias!, autoencoder.EncoderCopy.bias! }));

        var penalty = Tying.Penalty(classifier, autoencoder);
        Assert.Equal(float64, penalty.dtype);
        Relative(expected, penalty.item<double>(), 1e-12);
    }

    [Fact]
    public void Each_models_own_penalty_plus_the_cross_penalty_counts_every_pair_once()
    {
        var (classifier, autoencoder) = Models();
        var members = new[] { classifier.Features, autoencoder.Encoder, autoencoder.EncoderCopy };
        double allPairs = FeatureClassifier.Lambda * (
            Pairwise(TieNorm.SquaredL2, members.Select(m => m.weight).ToList()) +
            Pairwise(TieNorm.SquaredL2, members.Select(m => m.bias!).ToList()));

        double total = classifier.TyingPenalty().item<double>() + autoencoder.TyingPenalty().item<double>()
                     + Tying.Penalty(classifier, autoencoder).item<double>();
        Relative(allPairs, total, 1e-12);
    }

    [Fact]
    public void Gradient_pulls_each_side_towards_the_other_sides_members()
    {
        var (classifier, autoencoder) = Models();
        Tying.Penalty(classifier, autoencoder).backward();

        // d/dw_c of λ Σ_j ‖w_c − w_j‖² over the autoencoder's members j: 2λ Σ_j (w_c − w_j); for a member j of
        // the autoencoder: 2λ (w_j − w_c), its pair with the other member being inside its own model.
        var wc = classifier.Features.weight;
        var w1 = autoencoder.Encoder.weight;
        var w2 = autoencoder.EncoderCopy.weight;
        double lambda = FeatureClassifier.Lambda;
        using (no_grad())
        {
            Close(2 * lambda * (2 * wc - w1 - w2), wc.grad!, 1e-12, "classifier features");
            Close(2 * lambda * (w1 - wc), w1.grad!, 1e-12, "encoder");
            Close(2 * lambda * (w2 - wc), w2.grad!, 1e-12, "encoder copy");
        }
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        var (classifier, autoencoder) = Models();
        Tying.Penalty(classifier, autoencoder).backward();

        var parameters = classifier.parameters().Concat(autoencoder.parameters()).ToList();
        var direction = parameters.Select(p => randn_like(p)).ToList();
        double numeric = CentralDifference(() => Tying.Penalty(classifier, autoencoder).item<double>(), parameters, direction, 1e-6);
        Relative(numeric, Directional(parameters.Select(p => p.grad ?? zeros_like(p)).ToList(), direction), 1e-7, "directional derivative");
    }

    [Fact]
    public void Three_models_are_tied_pair_by_pair_across_them()
    {
        var (classifier, autoencoder) = Models();
        manual_seed(22);
        var second = new FeatureClassifier();
        second.to(float64);

        var w = new[] { classifier.Features.weight, second.Features.weight, autoencoder.Encoder.weight, autoencoder.EncoderCopy.weight };
        var b = new[] { classifier.Features.bias!, second.Features.bias!, autoencoder.Encoder.bias!, autoencoder.EncoderCopy.bias! };
        // Every pair of the four but the one inside the autoencoder.
        double expected = FeatureClassifier.Lambda * (
            Pairwise(TieNorm.SquaredL2, w) - Pairwise(TieNorm.SquaredL2, w.Skip(2).ToList()) +
            Pairwise(TieNorm.SquaredL2, b) - Pairwise(TieNorm.SquaredL2, b.Skip(2).ToList()));

        Relative(expected, Tying.Penalty(classifier, second, autoencoder).item<double>(), 1e-12);
    }

    [Fact]
    public void Cross_penalty_stays_exact_after_to_and_a_checkpoint_round_trip()
    {
        var (classifier, autoencoder) = Models();
        double before = Tying.Penalty(classifier, autoencoder).item<double>();

        byte[] file;
        using (var output = new MemoryStream())
        {
            autoencoder.save(output);
            file = output.ToArray();
        }
        manual_seed(99);
        var loaded = new FeatureAutoencoder();
        loaded.to(float64);
        Tying.Penalty(classifier, loaded);   // resolved before the load
        loaded.load(new MemoryStream(file));
        Relative(before, Tying.Penalty(classifier, loaded).item<double>(), 1e-15);

        classifier.to(float32);
        loaded.to(float32);
        var single = Tying.Penalty(classifier, loaded);
        Assert.Equal(float32, single.dtype);
        Relative(before, single.item<float>(), 1e-5);
    }

    [Fact]
    public void Same_key_with_another_shape_fails_naming_the_key_both_models_and_both_shapes()
    {
#pragma warning disable DECL021 // deliberately wrong: the test checks the run-time error for it
        var error = Assert.Throws<InvalidOperationException>(() => Tying.Penalty(new FeatureClassifier(), new WideFeatureModel()));
#pragma warning restore DECL021
        Assert.Contains("'features'", error.Message);
        Assert.Contains("FeatureClassifier.features.weight", error.Message);
        Assert.Contains("WideFeatureModel.features.weight", error.Message);
        Assert.Contains("[5, 6]", error.Message);
        Assert.Contains("[7, 6]", error.Message);
    }

    [Fact]
    public void Same_key_with_another_lambda_fails()
    {
#pragma warning disable DECL022 // deliberately wrong: the test checks the run-time error for it
        var error = Assert.Throws<InvalidOperationException>(() => Tying.Penalty(new FeatureClassifier(), new OtherLambdaFeatureModel()));
#pragma warning restore DECL022
        Assert.Contains("'features'", error.Message);
        Assert.Contains("0.4", error.Message);
        Assert.Contains("0.9", error.Message);
    }

    [Fact]
    public void Models_of_different_dtypes_fail_naming_both()
    {
        var classifier = new FeatureClassifier();
        var autoencoder = new FeatureAutoencoder();
        autoencoder.to(float64);
        var error = Assert.Throws<InvalidOperationException>(() => Tying.Penalty(classifier, autoencoder));
        Assert.Contains("Float32", error.Message);
        Assert.Contains("Float64", error.Message);
    }

    [Fact]
    public void Models_without_a_common_key_fail_listing_their_keys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Tying.Penalty(new FeatureClassifier(), new TiedTowers()));
        Assert.Contains("'features'", error.Message);
        Assert.Contains("'tower'", error.Message);
    }

    [Fact]
    public void Fewer_than_two_models_or_one_model_twice_are_refused()
    {
        var classifier = new FeatureClassifier();
        Assert.Throws<ArgumentException>(() => Tying.Penalty(classifier));
        Assert.Throws<ArgumentException>(() => Tying.Penalty(classifier, classifier));
    }

    [Fact]
    public void Training_with_the_cross_penalty_brings_the_models_features_together()
    {
        manual_seed(23);
        var classifier = new FeatureClassifier();
        var autoencoder = new FeatureAutoencoder();
        var optimizer = optim.SGD(classifier.parameters().Concat(autoencoder.parameters()), 0.5);
        double first = Tying.Penalty(classifier, autoencoder).item<float>();
        for (int i = 0; i < 30; i++)
        {
            optimizer.zero_grad();
            (classifier.TyingPenalty() + autoencoder.TyingPenalty() + Tying.Penalty(classifier, autoencoder)).backward();
            optimizer.step();
        }
        Assert.True(Tying.Penalty(classifier, autoencoder).item<float>() < 1e-3 * first);
    }
}

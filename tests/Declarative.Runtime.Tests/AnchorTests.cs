using System;
using System.IO;
using System.Linq;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using Xunit;
using static Declarative.Runtime.Tests.PenaltyChecks;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// <see cref="ParameterAnchor"/> (L2-SP, Li et al. 2018): the penalty <c>Lambda · Σ ‖w − w₀‖²</c> against a snapshot
/// that is never trained, follows to(...) and is saved with the model it is registered in.
/// </summary>
public class AnchorTests
{
    private const double Lambda = 0.01;

    private static Finetuned Pretrained()
    {
        manual_seed(31);
        var model = new Finetuned();
        model.to(float64);
        return model;
    }

    /// <summary>Moves every parameter by a random amount, as fine-tuning would.</summary>
    private static void Perturb(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var p in model.parameters()) p.add_(0.1 * randn_like(p));
    }

    [Fact]
    public void Penalty_is_zero_at_the_snapshot_and_lambda_times_the_squared_distance_after()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        Assert.Equal(0.0, anchor.Penalty(model).item<double>());

        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        Perturb(model);
        double expected = Lambda * model.named_parameters().Sum(p => (p.parameter - before[p.name]).square().sum().item<double>());
        var penalty = anchor.Penalty(model);
        Assert.Equal(float64, penalty.dtype);
        Assert.Empty(penalty.shape);
        Relative(expected, penalty.item<double>(), 1e-12);
    }

    [Fact]
    public void Penalty_of_a_hand_computed_parameter()
    {
        var model = new TiedScales(tensor(new[] { 1.0, 2.0 }), tensor(new[] { 0.0, 0.0 }), tensor(new[] { 0.0, 0.0 }));
        var anchor = ParameterAnchor.Snapshot(model, 0.5, "first");
        using (no_grad()) model.First.copy_(tensor(new[] { 4.0, -2.0 }));
        // 0.5 * ((4 - 1)² + (-2 - 2)²) = 0.5 * 25
        Assert.Equal(12.5, anchor.Penalty(model).item<double>(), 12);
    }

    [Fact]
    public void Gradient_is_2_lambda_times_w_minus_w0_and_reaches_only_anchored_parameters()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda, "backbone");
        Assert.Equal(new[] { "backbone.0.weight", "backbone.0.bias", "backbone.2.weight", "backbone.2.bias" }, anchor.Names);

        Perturb(model);
        anchor.Penalty(model).backward();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith("backbone.", StringComparison.Ordinal))
                Close(2 * Lambda * (parameter.detach() - anchor.Anchor(name)), parameter.grad!, 1e-12, name);
            else
                Assert.Null(parameter.grad);
        }
        Assert.All(anchor.buffers(), b => Assert.Null(b.grad));
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        Perturb(model);
        anchor.Penalty(model).backward();

        var parameters = model.parameters().ToList();
        var direction = parameters.Select(p => randn_like(p)).ToList();
        double numeric = CentralDifference(() => anchor.Penalty(model).item<double>(), parameters, direction, 1e-5);
        Relative(numeric, Directional(parameters.Select(p => p.grad!).ToList(), direction), 1e-8, "directional derivative");
    }

    [Fact]
    public void Snapshot_is_never_trained_and_is_no_parameter()
    {
        var model = Pretrained();
        int parameterCount = model.parameters().Count();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        model.register_module("anchor", anchor);

        Assert.Empty(anchor.parameters());
        Assert.Equal(parameterCount, model.parameters().Count());
        Assert.All(anchor.buffers(), b => Assert.False(b.requires_grad));
        var snapshots = anchor.buffers().Select(b => b.clone()).ToList();

        var optimizer = optim.Adam(model.parameters(), 0.05);
        var x = randn(16, 4, dtype: float64);
        var y = randn(16, 2, dtype: float64);
        for (int i = 0; i < 10; i++)
        {
            optimizer.zero_grad();
            (nn.functional.mse_loss(model.call(x), y) + anchor.Penalty(model)).backward();
            optimizer.step();
        }

        Assert.True(anchor.Penalty(model).item<double>() > 0, "the model did not move");
        var after = anchor.buffers().ToList();
        for (int i = 0; i < snapshots.Count; i++)
            Assert.True(after[i].eq(snapshots[i]).all().item<bool>(), "a snapshot changed");
    }

    [Fact]
    public void Snapshot_is_a_copy_not_a_view_of_the_parameter()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        Assert.NotEqual(NativeStorage.Address(model.Head.weight), NativeStorage.Address(anchor.Anchor("head.weight")));
    }

    [Theory]
    [InlineData("to(Float32)")]
    [InlineData("half()")]
    [InlineData("to(Float32) then to(Float64)")]
    public void Registered_anchor_follows_the_models_conversion(string conversion)
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        model.register_module("anchor", anchor);
        Perturb(model);
        double before = anchor.Penalty(model).item<double>();

        switch (conversion)
        {
            case "to(Float32)": model.to(float32); break;
            case "half()": model.half(); break;
            case "to(Float32) then to(Float64)": model.to(float32); model.to(float64); break;
        }

        var dtype = model.Head.weight.dtype;
        Assert.All(anchor.buffers(), b => Assert.Equal(dtype, b.dtype));
        var penalty = anchor.Penalty(model);
        Assert.Equal(dtype, penalty.dtype);
        Relative(before, penalty.to(float64).item<double>(), dtype == float16 ? 2e-2 : 1e-5, conversion);
    }

    [Fact]
    public void Anchor_left_outside_the_model_refuses_a_model_moved_without_it()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        model.to(float32);
        var error = Assert.Throws<InvalidOperationException>(() => anchor.Penalty(model));
        Assert.Contains("Float32", error.Message);
        Assert.Contains("Float64", error.Message);
        Assert.Contains("register_module", error.Message);
    }

    [Fact]
    public void Registered_anchor_is_saved_and_loaded_with_the_model()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda, "backbone");
        model.register_module("anchor", anchor);
        Perturb(model);
        double penalty = anchor.Penalty(model).item<double>();
        Assert.Contains("anchor.backbone.0.weight", model.state_dict().Keys);
        Assert.DoesNotContain("anchor.head.weight", model.state_dict().Keys);

        byte[] file;
        using (var output = new MemoryStream())
        {
            model.save(output);
            file = output.ToArray();
        }

        // A fresh model with its own (other) snapshot registered under the same name: the load overwrites both.
        manual_seed(77);
        var fresh = new Finetuned();
        fresh.to(float64);
        var freshAnchor = ParameterAnchor.Snapshot(fresh, Lambda, "backbone");
        fresh.register_module("anchor", freshAnchor);
        Assert.Equal(0.0, freshAnchor.Penalty(fresh).item<double>());
        fresh.load(new MemoryStream(file));

        foreach (var name in anchor.Names)
            Assert.True(freshAnchor.Anchor(name).eq(anchor.Anchor(name)).all().item<bool>(), name);
        Assert.Equal(penalty, freshAnchor.Penalty(fresh).item<double>());
    }

    [Fact]
    public void Retake_moves_the_snapshot_to_the_current_values()
    {
        var model = Pretrained();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        Perturb(model);
        Assert.True(anchor.Penalty(model).item<double>() > 0);
        anchor.Retake(model);
        Assert.Equal(0.0, anchor.Penalty(model).item<double>());
        Assert.True(anchor.Anchor("head.bias").eq(model.Head.bias!).all().item<bool>());
    }

    [Fact]
    public void Anchoring_a_shared_model_anchors_the_owner_once()
    {
        manual_seed(32);
        var model = new SharedAndTiedModel();
        var anchor = ParameterAnchor.Snapshot(model, Lambda);
        Assert.Contains("embed.weight", anchor.Names);
        Assert.DoesNotContain("head.weight", anchor.Names);

        model.register_module("anchor", anchor);
        model.to(float64);
        Perturb(model);
        anchor.Penalty(model).backward();
        Close(2 * Lambda * (model.Embed.weight!.detach() - anchor.Anchor("embed.weight")), model.Embed.weight!.grad!, 1e-12, "embed.weight");
        Assert.Equal(NativeStorage.Address(model.Embed.weight!), NativeStorage.Address(model.Head.weight));
    }

    [Fact]
    public void Unknown_names_fail_listing_what_the_model_has()
    {
        var error = Assert.Throws<ArgumentException>(() => ParameterAnchor.Snapshot(Pretrained(), Lambda, "encoder"));
        Assert.Contains("'encoder'", error.Message);
        Assert.Contains("'backbone'", error.Message);
        Assert.Contains("'head'", error.Message);
    }

    [Fact]
    public void Lambda_must_be_finite_and_not_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterAnchor.Snapshot(Pretrained(), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterAnchor.Snapshot(Pretrained(), double.NaN));
    }

    [Fact]
    public void Anchored_fine_tuning_stays_closer_to_the_pretrained_weights()
    {
        // L2-SP's point: the same fine-tuning moves the backbone less with the anchor than without.
        double Distance(bool anchored)
        {
            var model = Pretrained();
            var anchor = ParameterAnchor.Snapshot(model, 1.0, "backbone");
            manual_seed(33);
            var x = randn(32, 4, dtype: float64);
            var y = randn(32, 2, dtype: float64);
            var optimizer = optim.Adam(model.parameters(), 0.02);
            for (int i = 0; i < 40; i++)
            {
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(model.call(x), y);
                if (anchored) loss = loss + anchor.Penalty(model);
                loss.backward();
                optimizer.step();
            }
            return anchor.Penalty(model).item<double>();
        }

        double free = Distance(anchored: false), anchoredDistance = Distance(anchored: true);
        Assert.True(anchoredDistance < 0.5 * free, $"anchored {anchoredDistance:G4}, free {free:G4}");
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Runtime.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static Declarative.Runtime.Tests.PenaltyChecks;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// The generated <c>TyingPenalty()</c> on every kind of [Tied] member (module, Parameter field, Member, deep member,
/// ModuleList with k = 2, 3, 12, array, nested tied models, alongside [Shared]): exact value and gradient, separate
/// tensors, and the same after to(...) and a checkpoint round trip.
/// </summary>
public class TiedModelTests
{
    private static TiedCase Case(string name)
    {
        manual_seed(11);
        return TiedCase.All[name];
    }

    [Theory]
    [MemberData(nameof(TiedCase.Names), MemberType = typeof(TiedCase))]
    public void Penalty_is_lambda_times_the_sum_over_pairs_to_1e_12_in_float64(string name)
    {
        var c = Case(name);
        var model = c.Create();
        model.to(float64);

        var penalty = c.Penalty(model);
        Assert.Equal(float64, penalty.dtype);
        Assert.Empty(penalty.shape);
        double expected = c.Expected(model);
        Assert.True(expected > 0);
        Relative(expected, penalty.item<double>(), 1e-12);
    }

    [Fact]
    public void Generated_tying_penalty_is_what_the_runtime_computes()
    {
        manual_seed(3);
        var model = new TiedLayerList(3);
        Assert.Equal(((ITiedModel)model).Tying.Penalty(model).item<float>(), model.TyingPenalty().item<float>());
    }

    public static TheoryData<string, string> CasesAndDtypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TiedCase.All.Keys)
            foreach (var dtype in new[] { "float32", "float64" })
                data.Add(name, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndDtypes))]
    public void Gradient_reaches_every_tied_parameter_and_equals_the_analytic_one(string name, string dtype)
    {
        var c = Case(name);
        var model = c.Create();
        var type = dtype == "float64" ? float64 : float32;
        model.to(type);
        c.Penalty(model).backward();

        // Each tensor's gradient is the sum over the sets it belongs to of Lambda times the set's gradient.
        var expected = new Dictionary<string, Tensor>();
        foreach (var set in c.Sets)
        {
            var tensors = TiedCase.Tensors(model, set);
            for (int i = 0; i < tensors.Count; i++)
            {
                var term = set.Lambda * (set.Norm == TieNorm.SquaredL2 ? SquaredL2Gradient(tensors, i) : L1Gradient(tensors, i));
                expected[set.Names[i]] = expected.TryGetValue(set.Names[i], out var sum) ? sum + term : term;
            }
        }

        foreach (var (parameterName, parameter) in model.named_parameters())
        {
            if (expected.TryGetValue(parameterName, out var gradient))
            {
                Assert.NotNull(parameter.grad);
                Close(gradient, parameter.grad!, type == float64 ? 1e-12 : 1e-5, parameterName);
            }
            else
            {
                Assert.True(parameter.grad is null || parameter.grad.eq(0).all().item<bool>(), $"untied '{parameterName}' got a gradient from the penalty");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TiedCase.Names), MemberType = typeof(TiedCase))]
    public void Gradient_matches_finite_differences(string name)
    {
        var c = Case(name);
        var model = c.Create();
        model.to(float64);
        c.Penalty(model).backward();

        var parameters = model.parameters().ToList();
        var gradients = parameters.Select(p => p.grad ?? zeros_like(p)).ToList();
        var direction = parameters.Select(p => randn_like(p)).ToList();
        // L1 has kinks where two members are equal; a small step stays between them.
        double numeric = CentralDifference(() => c.Penalty(model).item<double>(), parameters, direction, 1e-7);
        Relative(numeric, Directional(gradients, direction), 1e-6, "directional derivative");
    }

    [Theory]
    [MemberData(nameof(TiedCase.Names), MemberType = typeof(TiedCase))]
    public void Tied_parameters_stay_separate_tensors_each_listed_in_parameters(string name)
    {
        var c = Case(name);
        var model = c.Create();
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.All(c.TiedNames, n => Assert.Contains(n, names));

        var parameters = model.parameters().ToList();
        Assert.Equal(parameters.Count, parameters.Select(p => Address(p)).Distinct().Count());
        foreach (var set in c.Sets)
            Assert.Equal(set.Names.Length, TiedCase.Tensors(model, set).Select(t => Address(t)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TiedCase.Names), MemberType = typeof(TiedCase))]
    public void Sgd_on_the_penalty_moves_each_member_by_lr_times_its_own_gradient(string name)
    {
        // An optimizer built from parameters() updates every member once: none is missing (an unregistered
        // member would keep its value) and none is aliased to another (which would move twice).
        var c = Case(name);
        var model = c.Create();
        model.to(float64);
        var optimizer = optim.SGD(model.parameters(), 0.01);

        c.Penalty(model).backward();
        var before = model.named_parameters().ToDictionary(p => p.name, p => (p.parameter.clone(), p.parameter.grad?.clone()));
        optimizer.step();

        foreach (var (parameterName, parameter) in model.named_parameters())
        {
            var (value, gradient) = before[parameterName];
            var expected = gradient is null ? value : value - 0.01 * gradient;
            Assert.True(parameter.allclose(expected, rtol: 0, atol: 1e-14), $"'{parameterName}' moved by other than lr times its gradient");
        }
        foreach (var tiedName in c.TiedNames)
            Assert.False(before[tiedName].Item2 is null, $"'{tiedName}' has no gradient");
    }

    public static TheoryData<string, string> Conversions()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TiedCase.All.Keys)
            foreach (var conversion in new[] { "to(Float64)", "half()", "to(Float64) then to(Float32)", "to(CPU)", "save and load", "to(Float64), save, load into float64" })
                data.Add(name, conversion);
        return data;
    }

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Penalty_stays_exact_after(string name, string conversion)
    {
        var c = Case(name);
        var model = c.Create();
        c.Penalty(model);   // resolves and caches the groups before the model changes

        switch (conversion)
        {
            case "to(Float64)": model.to(float64); break;
            case "half()": model.half(); break;
            case "to(Float64) then to(Float32)": model.to(float64); model.to(float32); break;
            case "to(CPU)": model.to(CPU); break;
            case "save and load": model = SaveAndLoad(c, model, float32); break;
            case "to(Float64), save, load into float64": model.to(float64); model = SaveAndLoad(c, model, float64); break;
        }

        var expectedDtype = conversion switch
        {
            "half()" => float16,
            "to(Float64)" or "to(Float64), save, load into float64" => float64,
            _ => float32,
        };
        var penalty = c.Penalty(model);
        Assert.Equal(expectedDtype, penalty.dtype);
        Relative(c.Expected(model), penalty.to(float64).item<double>(), expectedDtype == float16 ? 1e-2 : expectedDtype == float32 ? 1e-5 : 1e-12, conversion);

        // Still separate, still listed, still reached by the gradient.
        var parameters = model.parameters().ToList();
        Assert.Equal(parameters.Count, parameters.Select(p => Address(p)).Distinct().Count());
        penalty.backward();
        foreach (var set in c.Sets)
            Assert.All(TiedCase.Tensors(model, set), t => Assert.NotNull(t.grad));
    }

    /// <summary>Saves <paramref name="model"/> and loads the file into a freshly built model with other values.</summary>
    private static nn.Module SaveAndLoad(TiedCase c, nn.Module model, ScalarType dtype)
    {
        byte[] file;
        using (var output = new MemoryStream())
        {
            model.save(output);
            file = output.ToArray();
        }
        manual_seed(12345);
        var fresh = c.Create();
        fresh.to(dtype);
        c.Penalty(fresh);   // cached before the load
        Assert.NotEqual(c.Expected(model), c.Expected(fresh));
        fresh.load(new MemoryStream(file));

        Assert.Equal(c.Expected(model), c.Expected(fresh));
        foreach (var tiedName in c.TiedNames)
            Assert.Contains(tiedName, fresh.state_dict().Keys);
        return fresh;
    }

    [Fact]
    public void Nested_penalty_is_the_sum_of_the_outer_groups_and_each_nested_models_penalty()
    {
        manual_seed(5);
        var model = new NestedTiedModel();
        model.to(float64);

        double outer = NestedTiedModel.Lambda * (
            Pairwise(TieNorm.SquaredL2, new[] { model.Left.TowerA.weight, model.Right.TowerA.weight }) +
            Pairwise(TieNorm.SquaredL2, new[] { model.Left.TowerA.bias!, model.Right.TowerA.bias! }));
        double nested = model.Left.TyingPenalty().item<double>() + model.Right.TyingPenalty().item<double>() + model.Scales.TyingPenalty().item<double>();

        Relative(outer + nested, model.TyingPenalty().item<double>(), 1e-12);
    }

    [Fact]
    public void Single_member_group_is_zero_of_the_parameters_dtype_not_an_exception()
    {
        var model = new FeatureClassifier();
        var penalty = model.TyingPenalty();
        Assert.Equal(0f, penalty.item<float>());
        Assert.Equal(float32, penalty.dtype);
        Assert.Equal(DeviceType.CPU, penalty.device_type);
        Assert.Empty(penalty.shape);

        model.to(float64);
        Assert.Equal(float64, model.TyingPenalty().dtype);

        // It can be added to a loss and differentiated.
        var loss = model.call(ones(2, 6, dtype: float64)).sum() + model.TyingPenalty();
        loss.backward();
        Assert.NotNull(model.Features.weight.grad);
    }

    [Fact]
    public void Tied_towers_of_different_shapes_fail_with_the_key_the_members_and_the_shapes()
    {
        var model = new MismatchedTowers();
        var error = Assert.Throws<InvalidOperationException>(() => model.TyingPenalty());
        Assert.Contains("'tower'", error.Message);
        Assert.Contains("towerB.weight", error.Message);
        Assert.Contains("[5, 4]", error.Message);
        Assert.Contains("[3, 4]", error.Message);
    }

    [Fact]
    public void Tied_modules_with_different_parameters_fail_with_both_lists()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MismatchedModules().TyingPenalty());
        Assert.Contains("'mixed'", error.Message);
        Assert.Contains("'linear'", error.Message);
        Assert.Contains("'embedding'", error.Message);
        Assert.Contains("['weight', 'bias']", error.Message);
        Assert.Contains("['weight']", error.Message);
    }

    [Fact]
    public void Annotated_array_is_registered_so_that_its_elements_train_and_are_tied()
    {
        manual_seed(4);
        var model = new AnnotatedGateArray();

        // TorchSharp registers no arrays; the generated RegisterComponents() registers this one as a ModuleList.
        Assert.Equal(new[] { "gates.0.weight", "gates.0.bias", "gates.1.weight", "gates.1.bias" }, model.named_parameters().Select(p => p.name));
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double expected = 0.2 * ((parameters["gates.0.weight"] - parameters["gates.1.weight"]).square().sum().item<float>()
                                + (parameters["gates.0.bias"] - parameters["gates.1.bias"]).square().sum().item<float>());
        Assert.Equal(expected, model.TyingPenalty().item<float>(), tolerance: 1e-5 * expected);
    }

    [Fact]
    public void Descent_on_the_penalty_alone_pulls_the_towers_to_their_mean()
    {
        // With only the penalty, gradient descent contracts the towers towards their mean, which it keeps.
        manual_seed(8);
        var model = new TiedTowers();
        var optimizer = optim.SGD(model.parameters(), 1.0);
        var mean = (model.TowerA.weight + model.TowerB.weight).detach() / 2;
        double first = model.TyingPenalty().item<float>();
        for (int i = 0; i < 20; i++)
        {
            optimizer.zero_grad();
            model.TyingPenalty().backward();
            optimizer.step();
        }
        Assert.True(model.TyingPenalty().item<float>() < 1e-3 * first);
        Assert.True(((model.TowerA.weight + model.TowerB.weight) / 2).allclose(mean, atol: 1e-6));
    }
}

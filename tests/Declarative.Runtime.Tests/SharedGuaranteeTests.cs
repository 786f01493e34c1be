using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static Declarative.Runtime.Tests.NativeStorage;
using static TorchSharp.torch;

namespace Declarative.Runtime.Tests;

/// <summary>
/// The [Shared] guarantees, each checked on every kind of member (module, member, Parameter field, collection,
/// array, transpose, nested). Each would fail without the generated code: TorchSharp alone lists an alias twice,
/// updates it twice, breaks it on to(...), and saves it twice.
/// </summary>
public class SharedGuaranteeTests
{
    private static SharedCase Case(string name)
    {
        manual_seed(7);
        return SharedCase.All[name];
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Shared_tensor_is_counted_once_under_its_owners_name(string name)
    {
        var c = Case(name);
        var model = c.Create();
        var names = model.named_parameters().Select(p => p.name).ToList();

        Assert.Contains(c.OwnerName, names);
        Assert.DoesNotContain(c.AliasName, names);
        Assert.Equal(c.UniqueParameterCount, model.parameters().Sum(p => p.numel()));
        Assert.Equal(names.Count, model.parameters().Select(p => Address(p)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Gradient_of_the_owner_is_the_sum_over_all_uses(string name)
    {
        var c = Case(name);
        var model = c.Create();
        model.to(float64);
        var owner = c.Owner(model);
        Assert.Equal(Address(owner), Address(c.Alias(model)));

        c.Loss(model).backward();
        var gradient = owner.grad!.clone();

        // A central difference along a random direction, moving the owner only: the aliases follow because they
        // are views. If a use's gradient were lost, the two sides would differ by that use's contribution.
        var direction = randn_like(owner);
        const double step = 1e-6;
        double Loss(double at)
        {
            using var _ = no_grad();
            owner.add_(direction * at);
            double value = c.Loss(model).item<double>();
            owner.sub_(direction * at);
            return value;
        }
        double numeric = (Loss(step) - Loss(-step)) / (2 * step);
        double analytic = (gradient * direction).sum().item<double>();

        Assert.Equal(numeric, analytic, tolerance: 1e-6 * Math.Max(1, Math.Abs(analytic)));
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Sgd_moves_a_shared_tensor_once_by_lr_times_its_gradient(string name)
    {
        var c = Case(name);
        var model = c.Create();
        model.to(float64);
        var owner = c.Owner(model);
        var optimizer = optim.SGD(model.parameters(), 0.1);

        c.Loss(model).backward();
        var before = owner.clone();
        var expected = before - 0.1 * owner.grad!;
        optimizer.step();

        Assert.True(owner.allclose(expected, rtol: 0, atol: 1e-12), $"moved by {(owner - before).abs().max().item<double>()}, expected {(0.1 * owner.grad!).abs().max().item<double>()}");
        Assert.True(c.Alias(model).allclose(c.Transposed ? owner.t() : owner, rtol: 0, atol: 0));
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Adam_keeps_one_state_so_its_first_step_moves_by_lr(string name)
    {
        var c = Case(name);
        var model = c.Create();
        var owner = c.Owner(model);
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);

        c.Loss(model).backward();
        var before = owner.clone();
        var moved = owner.grad!.abs().gt(1e-6);
        optimizer.step();
        Assert.True(c.Alias(model).eq(c.Transposed ? owner.t() : owner).all().item<bool>(), "the alias did not follow the step");

        // Adam's first step moves every element with a gradient by lr (times m/sqrt(v) = ±1); twice would be 2 lr.
        var change = (owner - before).abs().masked_select(moved);
        Assert.True(change.numel() > 0);
        Assert.True(change.max().item<float>() <= 0.01f * 1.001f, $"largest move {change.max().item<float>()}");
        Assert.True(change.min().item<float>() >= 0.01f * 0.9f, $"smallest move {change.min().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Clip_grad_norm_counts_a_shared_tensor_once(string name)
    {
        var c = Case(name);
        var model = c.Create();
        model.to(float64);
        Assert.Equal(Address(c.Owner(model)), Address(c.Alias(model)));
        c.Loss(model).backward();

        // The norm over distinct storages: what clipping must see.
        var distinct = model.parameters().GroupBy(p => Address(p)).Select(g => g.First()).ToList();
        double expected = Math.Sqrt(distinct.Where(p => p.grad is not null).Sum(p => p.grad!.square().sum().item<double>()));
        double total = nn.utils.clip_grad_norm_(model.parameters(), max_norm: 1e9);

        Assert.Equal(expected, total, tolerance: 1e-9 * Math.Max(1, expected));
    }

    public static TheoryData<string, string> Conversions()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in SharedCase.All.Keys)
            foreach (var conversion in new[] { "none", "forward", "to(Float64)", "to(Float16)", "half()", "to(CPU)", "eval()", "train()", "to(Float64) then to(Float32)" })
                data.Add(name, conversion);
        return data;
    }

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Owner_and_alias_are_one_storage_after(string name, string conversion)
    {
        var c = Case(name);
        var model = c.Create();
        switch (conversion)
        {
            case "forward": c.Loss(model).backward(); break;
            case "to(Float64)": model.to(float64); break;
            case "to(Float16)": model.to(float16); break;
            case "half()": model.half(); break;
            case "to(CPU)": model.to(CPU); break;
            case "eval()": model.eval(); break;
            case "train()": model.eval(); model.train(); break;
            case "to(Float64) then to(Float32)": model.to(float64); model.to(float32); break;
        }

        var owner = c.Owner(model);
        var alias = c.Alias(model);
        Assert.Equal(owner.dtype, alias.dtype);
        Assert.Equal(Address(owner), Address(alias));
        Assert.Equal(c.Transposed ? new[] { owner.shape[1], owner.shape[0] } : owner.shape, alias.shape);

        using (no_grad())
        {
            owner.fill_(0.25);
            Assert.True(alias.eq(0.25).all().item<bool>(), "a write through the owner is not seen through the alias");
            alias.mul_(2);
            Assert.True(owner.eq(0.5).all().item<bool>(), "a write through the alias is not seen through the owner");
        }
        Assert.DoesNotContain(c.AliasName, model.named_parameters().Select(p => p.name));
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Checkpoint_stores_a_shared_tensor_once_and_reties_on_load(string name)
    {
        var c = Case(name);
        var model = c.Create();
        Assert.DoesNotContain(c.AliasName, model.state_dict().Keys);
        Assert.Contains(c.OwnerName, model.state_dict().Keys);

        byte[] file;
        using (var output = new MemoryStream())
        {
            model.save(output);
            file = output.ToArray();
        }
        long uniqueBytes = model.state_dict().Values.Sum(t => t.numel() * t.element_size());
        long aliasBytes = c.Alias(model).numel() * c.Alias(model).element_size();
        Assert.True(file.Length < uniqueBytes + aliasBytes / 2 + 2048, $"{file.Length} bytes for {uniqueBytes} bytes of unique tensors");

        manual_seed(99);
        var fresh = c.Create();
        fresh.load(new MemoryStream(file));

        Assert.True(c.Owner(fresh).eq(c.Owner(model)).all().item<bool>());
        Assert.Equal(Address(c.Owner(fresh)), Address(c.Alias(fresh)));
        Assert.True(c.Alias(fresh).eq(c.Alias(model)).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(SharedCase.Names), MemberType = typeof(SharedCase))]
    public void Optimizer_created_before_to_steps_a_shared_tensor_once_or_throws(string name)
    {
        // TorchSharp's optimizers enumerate parameters() lazily and key their state by tensor handle. After
        // to(...) a module that replaced its tensors (Linear) makes the next step throw, as for any TorchSharp
        // model; one that converted them in place (Embedding) keeps its handles, and the step goes through.
        // Either way a shared tensor must not move twice. (Create optimizers after to(...).)
        var c = Case(name);
        var model = c.Create();
        var sgd = optim.SGD(model.parameters(), 0.1);
        var adam = optim.Adam(model.parameters(), 0.01);
        model.to(float64);

        c.Loss(model).backward();
        var owner = c.Owner(model);
        var gradient = owner.grad!.clone();

        // A step that throws may have updated the tensors before the one it failed on (a partial step, as in
        // any TorchSharp model); the shared tensor has then moved once or not at all.
        var before = owner.clone();
        bool completed = Steps(sgd);
        bool movedOnce = owner.allclose(before - 0.1 * gradient, rtol: 0, atol: 1e-12);
        Assert.True(movedOnce || (!completed && owner.eq(before).all().item<bool>()), "SGD moved the shared tensor by other than lr times its gradient");

        before = owner.clone();
        Steps(adam);
        Assert.True((owner - before).abs().max().item<double>() <= 0.01 * 1.001, "Adam moved the shared tensor by more than lr");

        Assert.Equal(Address(owner), Address(c.Alias(model)));
    }

    private static bool Steps(optim.Optimizer optimizer)
    {
        try
        {
            optimizer.step();
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}

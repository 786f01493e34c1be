using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Anchoring, or L2-SP (Li et al. 2018): ties parameters to a fixed snapshot of themselves, taken when the user
/// says (typically right after loading pretrained weights), with the penalty <c>Lambda · Σ ‖w − w₀‖²</c>.
/// </summary>
/// <remarks>
/// <para>
/// The snapshots are buffers of this module, not parameters: they are never trained, have no gradient, and are not
/// in anyone's <c>parameters()</c>. Each is registered under the name that the model's <c>named_parameters()</c>
/// gives its parameter, so a checkpoint reads <c>anchor.encoder.0.weight</c>.
/// </para>
/// <para>
/// To have the snapshots follow <c>to(dtype/device)</c> and be saved and loaded with the model, register the
/// anchor in the model: <c>model.register_module("anchor", anchor)</c>. A model loaded from such a file needs an
/// anchor registered under the same name first (take one with <see cref="Snapshot"/>; the load overwrites its
/// values). An anchor left outside the model is moved, saved and loaded on its own, as any module.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// model.load("pretrained.dat");
/// var anchor = ParameterAnchor.Snapshot(model, lambda: 0.01, "encoder");   // the new head is left free
/// model.register_module("anchor", anchor);
/// ...
/// var loss = criterion(model.call(x), y) + anchor.Penalty(model);
/// </code>
/// </example>
public sealed class ParameterAnchor : nn.Module
{
    private readonly List<string> _names;

    private ParameterAnchor(double lambda, IReadOnlyList<(string Name, Tensor Value)> snapshots) : base(nameof(ParameterAnchor))
    {
        Lambda = lambda;
        _names = snapshots.Select(s => s.Name).ToList();
        foreach (var (name, value) in snapshots)
            register_buffer(name, value, persistent: true);
    }

    /// <summary>The strength of the penalty.</summary>
    public double Lambda { get; }

    /// <summary>The anchored parameters, by the names the model's <c>named_parameters()</c> gives them.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// Snapshots the current values of <paramref name="model"/>'s parameters: all of them, or those that
    /// <paramref name="parameters"/> names. A name selects the parameter it names, or every parameter below the
    /// sub-module it names (<c>"encoder"</c> selects <c>encoder.0.weight</c>, <c>encoder.0.bias</c>, ...).
    /// </summary>
    /// <param name="model">The model whose parameters are anchored.</param>
    /// <param name="lambda">The strength of the penalty: finite and not negative.</param>
    /// <param name="parameters">Parameter or sub-module names; none anchors every parameter.</param>
    /// <exception cref="ArgumentException">A name selects nothing (the message lists the model's top-level names), or nothing is selected.</exception>
    public static ParameterAnchor Snapshot(nn.Module model, double lambda, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        PenaltyWeight.Check(lambda, nameof(lambda), "ParameterAnchor: Lambda must be finite and not negative.");

        var all = model.named_parameters().ToList();
        var selected = new List<(string Name, Parameter Parameter)>();
        if (parameters is null || parameters.Length == 0)
        {
            selected.AddRange(all);
        }
        else
        {
            foreach (var wanted in parameters)
            {
                var matches = all.Where(p => Selects(wanted, p.name)).ToList();
                if (matches.Count == 0)
                {
                    var topLevel = all.Select(p => p.name.Split('.')[0]).Distinct();
                    throw new ArgumentException(
                        $"ParameterAnchor: {model.GetType().Name} has no parameter or sub-module '{wanted}' " +
                        $"(its parameters start with: {string.Join(", ", topLevel.Select(n => $"'{n}'"))}).", nameof(parameters));
                }
                selected.AddRange(matches.Where(m => !selected.Any(s => s.Name == m.name)));
            }
        }
        if (selected.Count == 0)
            throw new ArgumentException($"ParameterAnchor: {model.GetType().Name} has no parameters to anchor.", nameof(model));

        using var _ = no_grad();
        return new ParameterAnchor(lambda, selected.Select(p => (p.Name, p.Parameter.detach().clone())).ToList());
    }

    /// <summary>The snapshot of the parameter named <paramref name="name"/>: <c>w₀</c>.</summary>
    /// <exception cref="ArgumentException">The parameter is not anchored.</exception>
    public Tensor Anchor(string name)
        => Snapshots().TryGetValue(name, out var snapshot)
            ? snapshot
            : throw new ArgumentException($"ParameterAnchor: '{name}' is not anchored (anchored: {string.Join(", ", _names.Select(n => $"'{n}'"))}).", nameof(name));

    /// <summary>The snapshots as registered now: <c>to(...)</c> replaces the buffers, so they are read on each use.</summary>
    private Dictionary<string, Tensor> Snapshots()
    {
        var snapshots = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, buffer) in named_buffers(recurse: false))
            snapshots[name] = buffer;
        return snapshots;
    }

    /// <summary>Takes the snapshots again, in place, from the current values of <paramref name="model"/>'s parameters.</summary>
    /// <exception cref="InvalidOperationException">An anchored parameter is missing or has another shape, dtype or device.</exception>
    public void Retake(nn.Module model)
    {
        var current = Current(model);
        var snapshots = Snapshots();
        using var _ = no_grad();
        foreach (var name in _names)
            snapshots[name].copy_(current[name]);
    }

    /// <summary>
    /// <c>Lambda · Σ ‖w − w₀‖²</c> over the anchored parameters of <paramref name="model"/>: a scalar of their dtype
    /// and device, with a gradient to every anchored parameter and none to the snapshots.
    /// </summary>
    /// <exception cref="InvalidOperationException">An anchored parameter is missing from <paramref name="model"/>, or has another
    /// shape, dtype or device than its snapshot (register the anchor in the model so that <c>to(...)</c> moves both).</exception>
    public Tensor Penalty(nn.Module model)
    {
        var current = Current(model);
        var snapshots = Snapshots();
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var name in _names)
        {
            var squares = (current[name] - snapshots[name]).square().sum();
            total = total is null ? squares : total.add_(squares);
        }
        return total!.mul_(Lambda).MoveToOuterDisposeScope();
    }

    /// <summary>The model's anchored parameters by name, checked against their snapshots.</summary>
    private Dictionary<string, Parameter> Current(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (name, parameter) in model.named_parameters())
            parameters.TryAdd(name, parameter);

        var snapshots = Snapshots();
        foreach (var name in _names)
        {
            if (!parameters.TryGetValue(name, out var parameter))
                throw new InvalidOperationException($"ParameterAnchor: {model.GetType().Name} has no parameter '{name}', which this anchor holds a snapshot of.");
            var anchor = snapshots[name];
            if (!TensorAgreement.SameShape(parameter, anchor))
                throw new InvalidOperationException($"ParameterAnchor: '{name}' is {ModelMember.Shape(parameter)} but its snapshot is {ModelMember.Shape(anchor)}.");
            if (!TensorAgreement.SamePlacement(parameter, anchor))
            {
                throw new InvalidOperationException(
                    $"ParameterAnchor: '{name}' is {TensorAgreement.Placement(parameter)} but its snapshot is {TensorAgreement.Placement(anchor)}; " +
                    "register the anchor in the model (model.register_module(\"anchor\", anchor)) so that to(...) moves both, or move the anchor too.");
            }
        }
        return parameters;
    }

    private static bool Selects(string wanted, string parameterName)
        => parameterName == wanted || parameterName.StartsWith(wanted + ".", StringComparison.Ordinal);
}

using System;

namespace Declarative;

/// <summary>
/// Parameter sharing, a hard constraint: every field of a model annotated with the same key uses one set of
/// parameters. Only that set is stored, trained, counted and saved.
/// </summary>
/// <remarks>
/// <para>
/// The first field of a group, in declaration order, is its <em>owner</em>: its tensors are the ones kept. The
/// other fields are <em>aliases</em>: after <c>RegisterComponents()</c> they compute with the owner's tensors,
/// and they are left out of <c>parameters()</c>, <c>named_parameters()</c>, <c>state_dict()</c> and saved files.
/// </para>
/// <para>
/// A field can be a module (all its parameters and buffers are shared), a <c>Parameter</c>, or a
/// <c>ModuleList&lt;T&gt;</c> or array of modules (all its elements share). The model class must be
/// <c>partial</c> and call <c>RegisterComponents()</c> at the end of its constructor, as TorchSharp models do.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// [Shared("vocab", Member = "weight")] private readonly Embedding embed;
/// [Shared("vocab", Member = "weight")] private readonly Linear head;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
public sealed class SharedAttribute : Attribute
{
    /// <summary>Shares the annotated field with every other field of this model annotated with <paramref name="key"/>.</summary>
    /// <param name="key">The name of the shared group.</param>
    public SharedAttribute(string key) => Key = key;

    /// <summary>The name of the shared group.</summary>
    public string Key { get; }

    /// <summary>
    /// A dotted path to the sub-module or parameter inside the annotated module that is shared, such as
    /// <c>"weight"</c>, <c>"attention"</c> or <c>"ffn.up.weight"</c>; <see langword="null"/> shares the whole field.
    /// </summary>
    public string? Member { get; init; }

    /// <summary>
    /// This member is the transpose of the group's owner (a tied autoencoder's decoder, W_dec = W_encᵀ). It holds
    /// no tensor of its own: it reads the owner through a transposed view, so gradients reach the owner.
    /// </summary>
    public bool Transpose { get; init; }
}

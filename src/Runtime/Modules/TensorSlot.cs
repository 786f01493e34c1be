using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// One registered parameter or buffer of a module: where a tensor lives, so that it can be read and replaced the
/// way TorchSharp itself replaces it (a public property when the module has one, else the field and the
/// registration).
/// </summary>
internal sealed class TensorSlot
{
    private static readonly FieldInfo RegisteredParameters =
        typeof(nn.Module).GetField("_internal_params", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException("TorchSharp's Module no longer has _internal_params; this Declarative version does not support it.");

    private static readonly FieldInfo RegisteredBuffers =
        typeof(nn.Module).GetField("_internal_buffers", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException("TorchSharp's Module no longer has _internal_buffers; this Declarative version does not support it.");

    public TensorSlot(nn.Module module, string name, string path, bool isBuffer)
    {
        Module = module;
        Name = name;
        Path = path;
        IsBuffer = isBuffer;
    }

    /// <summary>The module that registers the tensor.</summary>
    public nn.Module Module { get; }

    /// <summary>The tensor's name inside <see cref="Module"/>.</summary>
    public string Name { get; }

    /// <summary>The tensor's dotted name in the model that owns the tie, as <c>named_parameters()</c> lists it.</summary>
    public string Path { get; }

    public bool IsBuffer { get; }

    /// <summary>The tensor registered now (a move or a load may have replaced it since the slot was found).</summary>
    /// <remarks>Reads the registration itself: a generated model's <c>named_parameters()</c> hides its aliases.</remarks>
    public Tensor Get()
    {
        if (IsBuffer)
        {
            if (Buffers(Module).TryGetValue(Name, out var buffer)) return buffer.Item1;
        }
        else
        {
            if (Parameters(Module).TryGetValue(Name, out var parameter)) return parameter;
        }
        throw new InvalidOperationException($"'{Path}' is no longer registered in its module ({Module.GetType().Name}).");
    }

    private static IDictionary<string, Parameter> Parameters(nn.Module module) => (IDictionary<string, Parameter>)RegisteredParameters.GetValue(module)!;

    private static IDictionary<string, (Tensor, bool)> Buffers(nn.Module module) => (IDictionary<string, (Tensor, bool)>)RegisteredBuffers.GetValue(module)!;

    /// <summary>
    /// Registers <paramref name="value"/> in the slot. The tensor it replaces is disposed unless
    /// <paramref name="keepPrevious"/> says it lives on elsewhere (a shared owner's tensor).
    /// </summary>
    public void Set(Tensor value, bool keepPrevious = false)
    {
        var previous = Get();
        if (ReferenceEquals(previous, value)) return;

        // The field first: TorchSharp's managed setters (Linear.weight, ...) dispose the tensor they replace, which
        // may be a shared owner's. Modules without such a field keep their tensor natively (Embedding); their
        // setters update the native module and dispose nothing.
        var field = FindField(Module.GetType(), Name);
        var property = Module.GetType().GetProperty(Name, BindingFlags.Instance | BindingFlags.Public);
        if (field is not null && field.FieldType.IsInstanceOfType(value))
            field.SetValue(Module, value);
        else if (property is { CanWrite: true } && property.PropertyType.IsInstanceOfType(value))
            property.SetValue(Module, value);

        if (IsBuffer)
        {
            var buffers = Buffers(Module);
            buffers[Name] = (value, buffers.TryGetValue(Name, out var entry) && entry.Item2);
        }
        else
        {
            Parameters(Module)[Name] = (Parameter)value;
        }

        if (!keepPrevious && !previous.IsInvalid) previous.Dispose();
    }

    private static FieldInfo? FindField(Type? type, string componentName)
    {
        for (; type is not null && type != typeof(object); type = type.BaseType)
        {
            var field = type
                .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .FirstOrDefault(f => (f.GetCustomAttribute<ComponentNameAttribute>()?.Name ?? f.Name) == componentName);
            if (field is not null) return field;
        }
        return null;
    }

    public override string ToString() => Path;
}

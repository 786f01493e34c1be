using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Resolves the fields and member paths that the generated code names (<c>"embed"</c>, <c>"layers"</c> with
/// <c>"attention.q.weight"</c>) to the modules and tensor slots registered in a model.
/// </summary>
internal static class ModelMember
{
    /// <summary>The value of the model's field <paramref name="fieldName"/>, declared on its class or a base class.</summary>
    public static object? FieldValue(nn.Module model, string fieldName) => FindField(model, fieldName).GetValue(model);

    public static FieldInfo FindField(nn.Module model, string fieldName)
    {
        for (var type = model.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            var field = type.GetField(fieldName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (field is not null) return field;
        }
        throw new InvalidOperationException($"{model.GetType().Name} has no field '{fieldName}'.");
    }

    /// <summary>The name under which <paramref name="child"/> is registered in <paramref name="parent"/>, or null.</summary>
    public static string? RegisteredName(nn.Module parent, nn.Module child)
    {
        foreach (var (name, module) in parent.named_children())
            if (ReferenceEquals(module, child)) return name;
        return null;
    }

    /// <summary>The elements of a <c>ModuleList&lt;T&gt;</c> or module array field, with their registered paths.</summary>
    public static IReadOnlyList<(nn.Module Module, string Path)> Elements(nn.Module model, string fieldName, object? value)
    {
        var elements = new List<(nn.Module, string)>();
        switch (value)
        {
            case nn.Module list when value is IEnumerable:
                // ModuleList<T>: registered under the field's name, its elements under "0", "1", ...
                string listPath = RegisteredName(model, list) ?? fieldName;
                foreach (var (name, element) in list.named_children())
                    elements.Add((element, $"{listPath}.{name}"));
                break;
            case nn.Module[] array:
                // Registered by ModuleArrays as a ModuleList under the field's name; else an element has a path only
                // if the model registered it by itself.
                var registered = model.named_children().FirstOrDefault(c => c.name == fieldName).module;
                var registeredElements = registered is IEnumerable ? registered.named_children().ToList() : new List<(string name, nn.Module module)>();
                for (int i = 0; i < array.Length; i++)
                {
                    var element = array[i] ?? throw new InvalidOperationException($"Element {i} of '{fieldName}' is null.");
                    string? inList = registeredElements.FirstOrDefault(c => ReferenceEquals(c.module, element)).name;
                    elements.Add((element, inList is not null ? $"{fieldName}.{inList}" : RegisteredName(model, element) ?? $"{fieldName}[{i}]"));
                }
                break;
            default:
                throw new InvalidOperationException($"'{fieldName}' is not a ModuleList or an array of modules.");
        }
        return elements;
    }

    /// <summary>
    /// The modules or tensor slots that one annotated field stands for, each with the path it is registered under:
    /// the field itself, the sub-module or tensor that <paramref name="memberPath"/> names inside it, and for a
    /// <c>ModuleList</c> or array, that for each element.
    /// </summary>
    /// <param name="model">The model that declares the field.</param>
    /// <param name="fieldName">The field's name.</param>
    /// <param name="memberPath">The dotted path inside the field's module, or null for the field itself.</param>
    /// <param name="describe">How messages name the field, e.g. <c>Shared group 'vocab', field 'head'</c>.</param>
    /// <param name="verb">What the group does with its members, for messages: <c>shared</c> or <c>tied</c>.</param>
    /// <returns>Each target: a <see cref="TensorSlot"/> or an <c>nn.Module</c>, and its path.</returns>
    public static IReadOnlyList<(object Value, string Path)> Resolve(nn.Module model, string fieldName, string? memberPath, string describe, string verb)
    {
        var value = FieldValue(model, fieldName)
            ?? throw new InvalidOperationException($"{describe}: the field is null when RegisterComponents() runs; assign it in the constructor first.");

        switch (value)
        {
            case Parameter parameter:
                if (memberPath is not null)
                    throw new InvalidOperationException($"{describe}: a Parameter has no member '{memberPath}'.");
                var name = model.named_parameters(recurse: false).FirstOrDefault(p => ReferenceEquals(p.parameter, parameter)).name
                    ?? throw new InvalidOperationException($"{describe}: the Parameter is not registered; call RegisterComponents() at the end of the constructor.");
                return new[] { ((object)new TensorSlot(model, name, name, isBuffer: false), name) };

            case nn.Module module when value is not IEnumerable:
                string path = RegisteredName(model, module)
                    ?? throw new InvalidOperationException($"{describe}: the module is not registered; call RegisterComponents() at the end of the constructor.");
                return new[] { Reach(module, path, memberPath, describe) };

            case nn.Module or nn.Module[]:
                var elements = Elements(model, fieldName, value);
                if (elements.Count == 0)
                    throw new InvalidOperationException($"{describe}: the collection is empty when RegisterComponents() runs; add its modules in the constructor.");
                // TorchSharp registers no arrays: an element nobody registered is neither trained, moved nor saved.
                // (The generated RegisterComponents() registers annotated arrays; a path "field[i]" means it has not run.)
                int unregistered = elements.Select((e, i) => e.Path.Contains('[') ? i : -1).FirstOrDefault(i => i >= 0, -1);
                if (unregistered >= 0)
                {
                    throw new InvalidOperationException(
                        $"{describe}: element {unregistered} of the array is not registered in {model.GetType().Name}, so it would not be trained, moved or saved. " +
                        "Call RegisterComponents() at the end of the constructor (it registers annotated arrays), or use a ModuleList<T>.");
                }
                return elements.Select(e => Reach(e.Module, e.Path, memberPath, describe)).ToList();

            default:
                throw new InvalidOperationException($"{describe}: a {value.GetType().Name} cannot be {verb}; use a module, a Parameter, or a ModuleList or array of modules.");
        }
    }

    private static (object Value, string Path) Reach(nn.Module module, string path, string? memberPath, string describe)
    {
        var reached = Follow(module, path, memberPath, describe);
        return (reached, reached is TensorSlot slot ? slot.Path : memberPath is null ? path : $"{path}.{memberPath}");
    }

    /// <summary>Follows a dotted path of registered children from <paramref name="module"/>.</summary>
    /// <returns>The module reached, or the tensor slot that the last segment names.</returns>
    public static object Follow(nn.Module module, string modulePath, string? memberPath, string describe)
    {
        if (string.IsNullOrEmpty(memberPath)) return module;

        var segments = memberPath!.Split('.');
        var current = module;
        var path = modulePath;
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            path = path.Length == 0 ? segment : $"{path}.{segment}";

            var child = current.named_children().FirstOrDefault(c => c.name == segment).module;
            if (child is not null)
            {
                current = child;
                continue;
            }
            if (i == segments.Length - 1)
            {
                if (current.named_parameters(recurse: false).Any(p => p.name == segment))
                    return new TensorSlot(current, segment, path, isBuffer: false);
                if (current.named_buffers(recurse: false).Any(b => b.name == segment))
                    return new TensorSlot(current, segment, path, isBuffer: true);
            }

            var known = current.named_children().Select(c => c.name)
                .Concat(current.named_parameters(recurse: false).Select(p => p.name))
                .Concat(current.named_buffers(recurse: false).Select(b => b.name));
            throw new InvalidOperationException(
                $"{describe}: Member path '{memberPath}' has no '{segment}' in {current.GetType().Name} " +
                $"(it has: {string.Join(", ", known.Select(k => $"'{k}'"))}).");
        }
        return current;
    }

    /// <summary>Every parameter and buffer registered in <paramref name="module"/> and below, by relative name.</summary>
    public static IReadOnlyList<(string RelativeName, TensorSlot Slot)> Tensors(nn.Module module, string modulePath)
    {
        var slots = new List<(string, TensorSlot)>();
        Collect(module, modulePath, relative: "", slots);
        return slots;
    }

    private static void Collect(nn.Module module, string path, string relative, List<(string, TensorSlot)> slots)
    {
        string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

        foreach (var (name, _) in module.named_parameters(recurse: false))
            slots.Add((Join(relative, name), new TensorSlot(module, name, Join(path, name), isBuffer: false)));
        foreach (var (name, _) in module.named_buffers(recurse: false))
            slots.Add((Join(relative, name), new TensorSlot(module, name, Join(path, name), isBuffer: true)));
        foreach (var (name, child) in module.named_children())
            Collect(child, Join(path, name), Join(relative, name), slots);
    }

    /// <summary>A shape as the diagnostics print it: <c>[768, 30000]</c>.</summary>
    public static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}

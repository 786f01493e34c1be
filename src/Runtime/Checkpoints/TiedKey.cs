using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// One alias of a shared group as checkpoint keys name it: its key and its owner's, from the model being loaded
/// or saved, nested models included.
/// </summary>
internal sealed record TiedKey(string Group, string Owner, string Alias, bool Transpose)
{
    /// <summary>Every alias in <paramref name="model"/> and the models nested in it, owners before aliases.</summary>
    public static IReadOnlyList<TiedKey> Of(nn.Module model)
    {
        var modules = new List<(string Prefix, nn.Module Module)> { ("", model) };
        modules.AddRange(model.named_modules().Where(m => !ReferenceEquals(m.module, model)));

        var keys = new List<TiedKey>();
        foreach (var (prefix, module) in modules)
        {
            if (ParameterSharing.Of(module) is not { } sharing) continue;
            foreach (var tensor in sharing.Tensors)
                keys.Add(new TiedKey(tensor.Key, Join(prefix, tensor.Owner.Path), Join(prefix, tensor.Alias.Path), tensor.Transpose));
        }
        return keys;
    }

    private static string Join(string prefix, string path) => prefix.Length == 0 ? path : $"{prefix}.{path}";
}

using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// TorchSharp registers no arrays, so the modules in an array field are neither trained, moved nor saved. The
/// generated <c>RegisterComponents()</c> registers each annotated array as a <c>ModuleList</c> under the field's
/// name, so that its elements are named <c>field.0</c>, <c>field.1</c>, ... like a <c>ModuleList</c> field's.
/// </summary>
public static class ModuleArrays
{
    /// <summary>
    /// Registers the modules of <paramref name="model"/>'s array field <paramref name="fieldName"/>, unless the model
    /// registered them (or something under that name) itself. A null or empty array is left to the checks that
    /// report it with the field's group.
    /// </summary>
    public static void Register(nn.Module model, string fieldName)
    {
        if (ModelMember.FieldValue(model, fieldName) is not nn.Module[] { Length: > 0 } array || array.Any(m => m is null))
            return;
        if (model.named_children().Any(c => c.name == fieldName || array.Any(m => ReferenceEquals(m, c.module))))
            return;
        model.register_module(fieldName, new ModuleList<nn.Module>(array));
    }
}

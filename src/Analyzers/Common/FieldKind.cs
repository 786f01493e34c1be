namespace Declarative.Common;

/// <summary>What an annotated field holds, which decides how it is shared or tied.</summary>
internal enum FieldKind
{
    /// <summary>A TorchSharp module: all its parameters and buffers, or the one that Member names.</summary>
    Module,

    /// <summary>A <c>Parameter</c> field of the model itself.</summary>
    Parameter,

    /// <summary>A <c>ModuleList&lt;T&gt;</c>: every element is a member.</summary>
    ModuleList,

    /// <summary>An array of modules: every element is a member.</summary>
    ModuleArray,
}

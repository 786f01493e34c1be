using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generator;

/// <summary>The MSBuild properties the generator reads, made visible to it by the package's targets.</summary>
internal static class BuildSettings
{
    /// <summary>The property that turns the shapes in the generated comments off; on unless it is <c>false</c>.</summary>
    public const string ShapeCommentsProperty = "build_property.DeclarativeShapeComments";

    public static bool ShapeComments(AnalyzerConfigOptions options)
        => !(options.TryGetValue(ShapeCommentsProperty, out var value) && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase));
}

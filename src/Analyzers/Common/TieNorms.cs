using System.Globalization;

namespace Declarative.Common;

/// <summary>The members of the runtime's <c>TieNorm</c> enum, by value (a test pins them to the enum itself).</summary>
internal static class TieNorms
{
    /// <summary>The member's name for <paramref name="value"/>; null for a value the enum does not define.</summary>
    public static string? NameOf(int value) => value switch
    {
        0 => "SquaredL2",
        1 => "L1",
        _ => null,
    };

    /// <summary>The value as messages write it: <c>L1</c>, or <c>(TieNorm)2</c> for a value the enum does not define.</summary>
    public static string Display(int value) => NameOf(value) ?? "(TieNorm)" + value.ToString(CultureInfo.InvariantCulture);
}

using System;

namespace Declarative;

/// <summary>
/// The rule for the weight of a penalty (a tie group's Lambda, an anchor's or activation tie's weight): finite and
/// not negative. The analyzers and the generator compile this file too, so that a Lambda is judged alike at compile
/// time and at run time.
/// </summary>
internal static class PenaltyWeight
{
    /// <summary>Whether <paramref name="weight"/> can scale a penalty.</summary>
    public static bool IsValid(double weight) => !double.IsNaN(weight) && !double.IsInfinity(weight) && weight >= 0;

    /// <summary>Throws unless <paramref name="weight"/> <see cref="IsValid">can scale a penalty</see>.</summary>
    /// <param name="weight">The Lambda or weight.</param>
    /// <param name="parameterName">The argument it came from.</param>
    /// <param name="message">What the exception says: which Lambda, and that it must be finite and not negative.</param>
    public static double Check(double weight, string parameterName, string message)
        => IsValid(weight) ? weight : throw new ArgumentOutOfRangeException(parameterName, weight, message);
}

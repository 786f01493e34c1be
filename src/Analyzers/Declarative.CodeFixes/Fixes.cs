using System;
using System.Linq;
using Declarative.Analyzers.Groups;
using Microsoft.CodeAnalysis;

namespace Declarative.CodeFixes;

internal static class Fixes
{
    /// <summary>Whether the analyzer found that <paramref name="fix"/> makes the member match its owner.</summary>
    public static bool Offers(Diagnostic diagnostic, string fix)
        => diagnostic.Properties.TryGetValue(GroupShapeChecker.FixesProperty, out var fixes)
           && fixes is not null
           && fixes.Split(',').Contains(fix, StringComparer.Ordinal);
}

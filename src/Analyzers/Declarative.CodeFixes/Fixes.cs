using System;
using System.Collections.Immutable;
using Declarative.Analyzers.Groups;
using Microsoft.CodeAnalysis;

namespace Declarative.CodeFixes;

internal static class Fixes
{
    /// <summary>
    /// The equivalence key of the first fix each provider offers for a diagnostic, whatever that fix is. Fix All with
    /// it applies every diagnostic's own first fix (each DECL008 its own suggested key, each DECL001 the fix that fits
    /// its members), so one unattended run (<c>dotnet format</c>) fixes them all.
    /// </summary>
    public const string FirstFixKey = "Declarative.FirstFix";

    /// <summary>The fixes the analyzer found make the member match its owner, in the order to offer them.</summary>
    public static ImmutableArray<string> Offered(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(GroupShapeChecker.FixesProperty, out var fixes) && fixes is not null
            ? fixes.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).ToImmutableArray()
            : ImmutableArray<string>.Empty;

    /// <summary>The key of a fix offered after a diagnostic's first: its own, so that Fix All applies only that fix.</summary>
    public static string Key(bool first, string fix) => first ? FirstFixKey : "Declarative." + fix;
}

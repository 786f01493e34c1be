using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Analyzers.Annotations;

/// <summary>
/// Syntax checks that rule code out before binding it. An operation action over the whole compilation makes the
/// analyzer driver build an operation tree for every method body; a syntax action that binds only the calls and
/// assignments these filters let through spares that.
/// </summary>
internal static class NameFilters
{
    /// <summary>
    /// The name of the method a call invokes, as written: <c>Tie</c> in <c>tying.Tie(a, b)</c>, <c>tying?.Tie(a, b)</c>
    /// and <c>Tie(a, b)</c>. A method cannot be called under another name, so a call whose name differs is not a call
    /// to it. Null where the callee is a delegate that an expression returns: <c>make()(x)</c>.
    /// </summary>
    public static string? InvokedName(InvocationExpressionSyntax call) => call.Expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}

using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>Fields whose parameters a penalty pulls together.</summary>
/// <param name="Lambda">The penalty strength, the first member's (the analyzer reports members that disagree).</param>
/// <param name="Norm">The name of the <c>TieNorm</c> member: <c>SquaredL2</c> or <c>L1</c>.</param>
internal sealed record TieGroupSpec(string Key, double Lambda, string Norm, ValueArray<GroupMemberSpec> Members);

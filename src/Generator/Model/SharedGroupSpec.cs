using Declarative.Common;

namespace Declarative.Generator.Model;

/// <summary>Fields that share one set of parameters; <c>Members[0]</c>, the first declared, owns it.</summary>
internal sealed record SharedGroupSpec(string Key, ValueArray<GroupMemberSpec> Members);

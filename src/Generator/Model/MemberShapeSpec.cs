namespace Declarative.Generator.Model;

/// <summary>
/// An inferred shape for one member path of a field, as the comments print it: <c>[vocab, dim]</c>, or for a module
/// its tensors, <c>weight [hidden, input], bias [hidden]</c>.
/// </summary>
internal sealed record MemberShapeSpec(string Member, string Shape);

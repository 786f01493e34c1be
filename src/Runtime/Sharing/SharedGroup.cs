using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>The members of a model that share one set of parameters; the first is the owner.</summary>
public sealed class SharedGroup
{
    /// <summary>Declares a shared group.</summary>
    /// <param name="key">The key of the <see cref="SharedAttribute"/>.</param>
    /// <param name="members">The members in declaration order; the first owns the tensors.</param>
    public SharedGroup(string key, params SharedMember[] members)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key));
        if (members is null || members.Length == 0)
            throw new ArgumentException($"Shared group '{key}' has no members.", nameof(members));
        Members = members;
    }

    /// <summary>The key of the group.</summary>
    public string Key { get; }

    /// <summary>The members in declaration order; <c>Members[0]</c> owns the tensors.</summary>
    public IReadOnlyList<SharedMember> Members { get; }
}

/// <summary>One field of a shared group, as the generated code declares it from a <see cref="SharedAttribute"/>.</summary>
public sealed class SharedMember
{
    /// <summary>Declares a member of a shared group.</summary>
    /// <param name="field">The name of the model's field.</param>
    /// <param name="member">The dotted path inside the field's module, or <see langword="null"/> for the whole field.</param>
    /// <param name="transpose">Whether this member is the transpose of the group's owner.</param>
    public SharedMember(string field, string? member = null, bool transpose = false)
    {
        Field = field ?? throw new ArgumentNullException(nameof(field));
        Member = member;
        Transpose = transpose;
    }

    /// <summary>The name of the model's field.</summary>
    public string Field { get; }

    /// <summary>The dotted path inside the field's module, or <see langword="null"/>.</summary>
    public string? Member { get; }

    /// <summary>Whether this member is the transpose of the group's owner.</summary>
    public bool Transpose { get; }

    /// <summary>The member as the diagnostics name it: <c>head.weight</c>.</summary>
    public override string ToString() => Member is null ? Field : $"{Field}.{Member}";
}

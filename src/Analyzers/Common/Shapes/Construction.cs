using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Common.Shapes;

/// <summary>
/// Reads constructors as they run: <c>: this(...)</c> chains, field initializers, base constructors of the user's
/// own module types, then the body's statements in order, into the helpers it calls. Branches are joined to what
/// they agree on; what loops assign, and what code inference cannot read assigns, is unknown; elements added in
/// loops are possible elements.
/// </summary>
internal static class Construction
{
    /// <summary>Runs <paramref name="constructor"/> on <paramref name="frame"/>; unbound parameters stay free.</summary>
    public static void Run(InferenceContext context, Frame frame, IMethodSymbol constructor, Dictionary<IParameterSymbol, Value?>? arguments, int moduleDepth)
    {
        if (context.ActiveConstructors.Any(c => SymbolEqualityComparer.Default.Equals(c, constructor)))
            return;
        context.ActiveConstructors.Add(constructor);
        var savedParameters = frame.Parameters;
        // A copy: the body may assign its parameters, and the caller keeps the arguments it gave.
        frame.Parameters = arguments is null
            ? new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default)
            : new Dictionary<IParameterSymbol, Value?>(arguments, SymbolEqualityComparer.Default);
        try
        {
            var evaluator = new Evaluator(context, frame, moduleDepth);
            var syntax = constructor.DeclaringSyntaxReferences.Select(context.Syntax).FirstOrDefault();
            switch (syntax)
            {
                case ConstructorDeclarationSyntax declaration when context.Operation(declaration) is IConstructorBodyOperation body:
                    RunInitializerAndFields(context, frame, evaluator, constructor, body.Initializer, moduleDepth);
                    new Walker(context, evaluator, frame).Walk(body.BlockBody ?? (IOperation?)body.ExpressionBody, conditional: false);
                    break;
                case ConstructorDeclarationSyntax:
                    break;
                default:
                    // An implicit or primary constructor: the field initializers, then the base type's constructor.
                    RunFieldInitializers(context, frame, evaluator, constructor.ContainingType);
                    RunImplicitBase(context, frame, constructor.ContainingType, moduleDepth);
                    break;
            }
        }
        finally
        {
            frame.Parameters = savedParameters;
            context.ActiveConstructors.RemoveAt(context.ActiveConstructors.Count - 1);
        }
    }

    private static void RunInitializerAndFields(InferenceContext context, Frame frame, Evaluator evaluator, IMethodSymbol constructor, IOperation? initializer, int moduleDepth)
    {
        var call = (initializer as IExpressionStatementOperation)?.Operation as IInvocationOperation ?? initializer as IInvocationOperation;
        var target = call?.TargetMethod;
        if (call is not null && target is { MethodKind: MethodKind.Constructor }
            && SymbolEqualityComparer.Default.Equals(target.ContainingType, constructor.ContainingType))
        {
            // : this(...) runs the other constructor, field initializers included, with these arguments.
            Run(context, frame, target, Bind(evaluator, call.Arguments), moduleDepth);
            return;
        }

        RunFieldInitializers(context, frame, evaluator, constructor.ContainingType);
        if (call is not null && target is { MethodKind: MethodKind.Constructor } && IsUserModule(target.ContainingType))
            Run(context, frame, target, Bind(evaluator, call.Arguments), moduleDepth);
        else if (call is null)
            RunImplicitBase(context, frame, constructor.ContainingType, moduleDepth);
    }

    private static void RunImplicitBase(InferenceContext context, Frame frame, INamedTypeSymbol type, int moduleDepth)
    {
        if (type.BaseType is { } baseType && IsUserModule(baseType)
            && baseType.InstanceConstructors.FirstOrDefault(c => c.Parameters.IsEmpty) is { } parameterless)
            Run(context, frame, parameterless, null, moduleDepth);
    }

    /// <summary>A module type declared in source, whose constructors can be read.</summary>
    public static bool IsUserModule(INamedTypeSymbol? type) => type is not null && type.DeclaringSyntaxReferences.Length > 0 && TorchSymbols.IsModule(type);

    public static Dictionary<IParameterSymbol, Value?> Bind(Evaluator evaluator, ImmutableArray<IArgumentOperation> arguments)
    {
        var bound = new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default);
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter)
                bound[parameter] = evaluator.EvaluateArgument(argument);
        }
        return bound;
    }

    private static void RunFieldInitializers(InferenceContext context, Frame frame, Evaluator evaluator, INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (context.Declaration(reference) is not TypeDeclarationSyntax declaration) continue;
            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field:
                        if (field.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.ConstKeyword))) break;
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Initializer is null || HoldsRuntimeState(type, variable)) continue;
                            if (context.Operation(variable.Initializer) is IFieldInitializerOperation initializer)
                            {
                                foreach (var target in initializer.InitializedFields)
                                    Assign(frame, target, evaluator.Evaluate(initializer.Value), initializer.Value);
                            }
                        }
                        break;
                    case PropertyDeclarationSyntax { Initializer: not null } property:
                        if (context.Operation(property.Initializer) is IPropertyInitializerOperation propertyInitializer)
                        {
                            foreach (var target in propertyInitializer.InitializedProperties.Where(p => !p.IsStatic))
                                Assign(frame, target, evaluator.Evaluate(propertyInitializer.Value), propertyInitializer.Value);
                        }
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Whether a field holds the generated code's own state (<c>ParameterSharing</c>, <c>ParameterTying</c>): no
    /// shapes live there, and its initializer is the largest expression of a model, so it is not bound at all.
    /// </summary>
    private static bool HoldsRuntimeState(INamedTypeSymbol type, VariableDeclaratorSyntax variable)
    {
        foreach (var member in type.GetMembers(variable.Identifier.ValueText))
        {
            if (member is IFieldSymbol { Type.ContainingNamespace: { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } })
                return true;
        }
        return false;
    }

    /// <summary>
    /// Records that <paramref name="member"/> now holds <paramref name="value"/>, assigned from <paramref name="source"/>
    /// (null where that expression is not one the code fixes can edit).
    /// </summary>
    public static void Assign(Frame frame, ISymbol member, Value? value, IOperation? source)
    {
        // A configuration object kept in a readonly field names its sizes after the field: cfg.Hidden.
        if (value is null && member is IFieldSymbol { IsReadOnly: true } field && Evaluator.IsConfiguration(field.Type))
            value = new ObjectValue(field.Name);
        frame.Members[member] = value;
        if (source is null) frame.Creations.Remove(member);
        else frame.Creations[member] = source;
    }

    /// <summary>
    /// The module a user-defined module type's constructor builds with these arguments: its registered fields by
    /// name, as TorchSharp's <c>RegisterComponents()</c> registers them.
    /// </summary>
    public static InferredModule? UserModule(InferenceContext context, IMethodSymbol constructor, Dictionary<IParameterSymbol, Value?> arguments, int moduleDepth)
    {
        if (moduleDepth > InferenceContext.MaxModuleDepth) return null;
        var type = constructor.ContainingType;
        var frame = new Frame(type);
        Run(context, frame, constructor, arguments, moduleDepth);

        var members = new List<NamedMember>();
        bool complete = !RegistersByHand(context, type);
        for (var current = type; IsUserModule(current); current = current!.BaseType)
        {
            foreach (var field in current!.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst) continue;
                bool isModuleList = TorchSymbols.ModuleListElement(field.Type) is not null;
                bool isModule = TorchSymbols.IsModule(field.Type);
                bool isTensor = TorchSymbols.IsTensor(field.Type);
                if (!isModule && !isTensor) continue;
                if (field.IsImplicitlyDeclared) { complete = false; continue; }

                string name = ComponentName(field);
                if (frame.Untracked.Contains(field)) { members.Add(new NamedMember(name, null)); complete = false; continue; }
                if (!frame.Members.TryGetValue(field, out var value)) continue; // never assigned: null, not registered

                InferredMember? member = value switch
                {
                    ModuleValue module => module.Info,
                    TensorValue tensor => TorchSymbols.IsParameter(field.Type) ? tensor.Info : new InferredTensor(tensor.Info.Shape, tensor.Info.Dtype, isBuffer: true),
                    SequenceValue list when isModuleList => List(field.Type, list),
                    NullValue => null,
                    _ => null,
                };
                if (value is NullValue) continue;
                if (member is null || member is InferredModule { IsComplete: false }) complete = false;
                members.Add(new NamedMember(name, member));
            }
        }

        var parameters = constructor.Parameters.Select(p => Argument(p, arguments.TryGetValue(p, out var v) ? v : null)).ToValueArray();
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return new InferredModule(typeName, null, members.ToValueArray(), complete, null, constructor.ToDisplayString(), parameters);
    }

    /// <summary>How deep helpers may call each other before their results count as unknown.</summary>
    private const int MaxHelperDepth = 8;

    /// <summary>
    /// Runs a helper method of the user's for this call: a static method, or an instance method of the object under
    /// construction, which reads and assigns its members as the constructor would (<c>inPlanes = planes</c>). The value
    /// is its expression body, or the return statement its block body always reaches (unknown when it returns from a
    /// branch or a loop); out and ref arguments get what the helper left in those parameters. A call whose body was
    /// run is added to <see cref="InferenceContext.Followed"/>; otherwise nothing was assigned.
    /// </summary>
    public static Value? CallHelper(InferenceContext context, Evaluator caller, IInvocationOperation invocation)
    {
        // base.M() runs the base class's body; any other call on this object, the override of the object's type.
        var method = invocation.Instance?.Syntax is BaseExpressionSyntax ? invocation.TargetMethod : Implementation(invocation.TargetMethod, caller.Frame.Type);
        if (method is null || method.IsAbstract || method.DeclaringSyntaxReferences.Length != 1 || DeclarativeGeneratedCode.IsGenerated(method)
            || context.ActiveConstructors.Count >= MaxHelperDepth + InferenceContext.MaxModuleDepth
            || context.ActiveConstructors.Any(c => SymbolEqualityComparer.Default.Equals(c, method)))
            return null;
        if (context.Syntax(method.DeclaringSyntaxReferences[0]) is not MethodDeclarationSyntax declaration) return null;

        // The body refers to the parameters of the method's definition, not of the constructed generic method.
        var parameters = method.OriginalDefinition.Parameters;
        var arguments = new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default);
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal < parameters.Length && parameter.RefKind != RefKind.Out)
                arguments[parameters[parameter.Ordinal]] = caller.EvaluateArgument(argument);
        }

        context.ActiveConstructors.Add(method);
        Value? result = null;
        var frame = method.IsStatic ? new Frame(method.ContainingType) { Parameters = arguments } : caller.Frame.ForInstanceHelper(arguments);
        try
        {
            // Where the call may not run, neither may what the helper assigns; its own returns are read as usual.
            var evaluator = new Evaluator(context, frame, caller.ModuleDepth) { Conditional = caller.Conditional };
            var walker = new Walker(context, evaluator, frame, conditionalCall: caller.Conditional);
            if (declaration.ExpressionBody is { } expression)
            {
                if (context.Operation(expression.Expression) is { } operation)
                {
                    if (method.ReturnsVoid) walker.Statement(operation, conditional: false);
                    else result = evaluator.Evaluate(operation);
                }
            }
            else if (declaration.Body is not null && context.Operation(declaration.Body) is { } body)
            {
                walker.Walk(body, conditional: false);
                result = walker.ReturnValue;
            }
        }
        finally
        {
            context.ActiveConstructors.RemoveAt(context.ActiveConstructors.Count - 1);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.Out or RefKind.Ref } parameter && parameter.Ordinal < parameters.Length)
                caller.Write(argument.Value, frame.Parameters.TryGetValue(parameters[parameter.Ordinal], out var assigned) ? assigned : null, source: null);
        }
        context.Followed.Add(invocation);
        return result;
    }

    /// <summary>
    /// The body a call runs: the method itself, or for a virtual one the override the object's type declares, looked
    /// up from the most derived type; null when that cannot be told.
    /// </summary>
    private static IMethodSymbol? Implementation(IMethodSymbol method, INamedTypeSymbol type)
    {
        if (method.IsStatic || !(method.IsVirtual || method.IsOverride || method.IsAbstract)) return method.PartialImplementationPart ?? method;
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                for (var overridden = candidate; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method.OriginalDefinition))
                        return candidate;
                }
            }
        }
        return null;
    }

    private static ModuleArgument Argument(IParameterSymbol parameter, Value? value)
        => new(parameter.Name, (value as SizeValue)?.Size, (value as FlagValue)?.Flag);

    /// <summary>A ModuleList inside a module: children named 0, 1, ... as TorchSharp registers them.</summary>
    private static InferredModule List(ITypeSymbol type, SequenceValue list)
    {
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var elements = list.Elements.Select(e => e?.AsMember).ToList();
        if (list.IsComplete)
        {
            var members = elements.Select((e, i) => new NamedMember(i.ToString(CultureInfo.InvariantCulture), e)).ToValueArray();
            return new InferredModule(typeName, null, members, elements.All(e => e is InferredModule { IsComplete: true }));
        }
        var distinct = elements.Distinct().ToList();
        var template = distinct.Count == 1 ? distinct[0] : null;
        return new InferredModule(typeName, null, ValueArray<NamedMember>.Empty, isComplete: false, elementTemplate: template);
    }

    /// <summary>The name TorchSharp registers a field under: its <c>[ComponentName]</c>, else the field's name.</summary>
    public static string ComponentName(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ComponentNameAttribute" })
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                        return name;
                }
            }
        }
        return field.Name;
    }

    /// <summary>Whether the type registers members by hand (<c>register_module</c>...), under names inference does not follow.</summary>
    private static bool RegistersByHand(InferenceContext context, INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var invocation in context.Syntax(reference).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                string? name = invocation.Expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name is "register_module" or "register_parameter" or "register_buffer")
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Walks a constructor or helper body in order, recording what each statement assigns to members, locals and
    /// parameters. Branches are walked from the same state and joined (<see cref="FrameState.Join"/>); loops make
    /// what they assign unknown; anything assigned in a way the walker does not follow is forgotten.
    /// </summary>
    private sealed class Walker
    {
        /// <summary>Methods that do not change the collection or module they are called on.</summary>
        private static readonly HashSet<string> ReadOnlyMethods = new()
        {
            "call", "forward", "to", "train", "eval", "parameters", "named_parameters", "buffers", "named_buffers", "children",
            "named_children", "modules", "named_modules", "state_dict", "ToArray", "ToList", "Contains", "IndexOf",
            "GetEnumerator", "ToString", "GetHashCode", "Equals", "GetType",
        };

        private readonly InferenceContext _context;
        private readonly Evaluator _evaluator;
        private readonly Frame _frame;
        private readonly bool _conditionalCall;
        private bool _mayHaveReturned;
        private bool _returned;
        private int _branchDepth;

        /// <summary>The value of the return statement reached on every path; null when there is none or it is not known.</summary>
        public Value? ReturnValue { get; private set; }

        /// <param name="conditionalCall">Whether the body is a helper's, called where the call may not run: then
        /// nothing it assigns is known afterwards, whatever its own control flow.</param>
        public Walker(InferenceContext context, Evaluator evaluator, Frame frame, bool conditionalCall = false)
        {
            _context = context;
            _evaluator = evaluator;
            _frame = frame;
            _conditionalCall = conditionalCall;
        }

        public void Walk(IOperation? operation, bool conditional)
        {
            if (operation is null || _returned || !_context.Step()) return;
            conditional |= _mayHaveReturned;
            bool saved = _evaluator.Conditional;
            _evaluator.Conditional = conditional || _conditionalCall;
            try
            {
                WalkCore(operation, conditional);
            }
            finally
            {
                _evaluator.Conditional = saved;
            }
        }

        private void WalkCore(IOperation operation, bool conditional)
        {
            switch (operation)
            {
                case IBlockOperation block:
                    foreach (var statement in block.Operations) Walk(statement, conditional);
                    break;
                case IExpressionStatementOperation statement:
                    Statement(statement.Operation, conditional);
                    break;
                case IVariableDeclarationGroupOperation declarations:
                    // A local holds its initializer's value from here on, until the walker sees it assigned again.
                    foreach (var declarator in declarations.Declarations.SelectMany(d => d.Declarators))
                    {
                        if (declarator.Initializer?.Value is not { } initializer) continue;
                        if (initializer is ISimpleAssignmentOperation assignment)
                        {
                            // var h = head = Linear(...): the assignment, then h holds what head now holds.
                            var handled = Execute(assignment);
                            _evaluator.SetLocal(declarator.Symbol, _evaluator.Evaluate(assignment.Target));
                            ForgetUnfollowedWrites(initializer, handled);
                            continue;
                        }
                        _evaluator.SetLocal(declarator.Symbol, _evaluator.Evaluate(initializer));
                        ForgetUnfollowedWrites(initializer, handled: null);
                    }
                    break;
                case IConditionalOperation branch:
                    var condition = _evaluator.Evaluate(branch.Condition);
                    ForgetUnfollowedWrites(branch.Condition, handled: null);
                    if (condition is FlagValue flag)
                        Walk(flag.Flag ? branch.WhenTrue : branch.WhenFalse, conditional);
                    else
                        Branches(new[] { Statements(branch.WhenTrue), Statements(branch.WhenFalse) }, conditional);
                    break;
                case ISwitchOperation @switch:
                {
                    _evaluator.Evaluate(@switch.Value);
                    ForgetUnfollowedWrites(@switch.Value, handled: null);
                    // Without a default section, no section may run at all: the state before is one more branch.
                    var sections = @switch.Cases.Select(section => section.Body).ToList();
                    if (!@switch.Cases.Any(section => section.Clauses.Any(c => c is IDefaultCaseClauseOperation)))
                        sections.Add(ImmutableArray<IOperation>.Empty);
                    Branches(sections, conditional);
                    break;
                }
                case ILoopOperation loop:
                    // What the condition, the increments or the collection change is not followed.
                    foreach (var part in loop.ChildOperations.Where(part => !ReferenceEquals(part, loop.Body)))
                        ForgetUnfollowedWrites(part, handled: null);
                    // Twice: the first pass is the first iteration; after it, whatever an iteration may change (through
                    // helpers too) is unknown, which the second pass sees, as every later iteration would.
                    Walk(loop.Body, conditional: true);
                    Walk(loop.Body, conditional: true);
                    break;
                case ITryOperation attempt:
                    Walk(attempt.Body, conditional);
                    foreach (var handler in attempt.Catches) Walk(handler.Handler, conditional: true);
                    Walk(attempt.Finally, conditional);
                    break;
                case IUsingOperation usingBlock:
                    Walk(usingBlock.Body, conditional);
                    break;
                case ILockOperation lockBlock:
                    Walk(lockBlock.Body, conditional);
                    break;
                case IReturnOperation ret:
                    // A return in a branch makes what follows conditional. (A throw does not: a constructor that
                    // throws makes no object, so guard clauses leave the rest certain.)
                    if (conditional || _branchDepth > 0)
                    {
                        _mayHaveReturned = true;
                        if (ret.ReturnedValue is not null) ForgetUnfollowedWrites(ret.ReturnedValue, handled: null);
                    }
                    else
                    {
                        ReturnValue = _evaluator.Evaluate(ret.ReturnedValue);
                        _returned = true;
                    }
                    break;
                case ILabeledOperation labeled:
                    Walk(labeled.Operation, conditional);
                    break;
                default:
                    // Anything else that assigns (a local function, a goto) is not followed.
                    ForgetWritesIn(operation);
                    ForgetUnfollowedWrites(operation, handled: null);
                    break;
            }
        }

        private static ImmutableArray<IOperation> Statements(IOperation? branch)
            => branch is null ? ImmutableArray<IOperation>.Empty : ImmutableArray.Create(branch);

        /// <summary>
        /// The branches of an <c>if</c> or switch, each from the state before it; after them, what every branch that
        /// does not throw agrees on. Inside a loop, what any branch assigns is unknown.
        /// </summary>
        private void Branches(IReadOnlyList<ImmutableArray<IOperation>> branches, bool conditional)
        {
            if (conditional)
            {
                foreach (var statement in branches.SelectMany(b => b)) Walk(statement, conditional: true);
                return;
            }
            var before = _frame.Save();
            var ends = new List<FrameState>();
            _branchDepth++;
            try
            {
                foreach (var branch in branches)
                {
                    _frame.Restore(before);
                    foreach (var statement in branch) Walk(statement, conditional);
                    if (branch.IsEmpty || !Throws(branch[branch.Length - 1])) ends.Add(_frame.Save());
                }
            }
            finally
            {
                _branchDepth--;
            }
            _frame.Restore(ends.Count == 0 ? before : FrameState.Join(ends));
        }

        /// <summary>Whether a branch always ends by throwing: a guard clause, whose path makes no object.</summary>
        private static bool Throws(IOperation? branch) => branch switch
        {
            IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation block => block.Operations.Length > 0 && Throws(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };

        /// <summary>One expression statement, the body of a void helper's expression included.</summary>
        public void Statement(IOperation operation, bool conditional)
        {
            bool saved = _evaluator.Conditional;
            _evaluator.Conditional = conditional || _conditionalCall;
            try
            {
                var handled = Execute(operation);
                ForgetUnfollowedWrites(operation, handled);
            }
            finally
            {
                _evaluator.Conditional = saved;
            }
        }

        /// <summary>Follows the statement's own effect; returns the operation whose effect it followed, if any.</summary>
        private IOperation? Execute(IOperation operation)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment:
                    if (assignment.Value is ISimpleAssignmentOperation inner)
                    {
                        // a = b = value: the inner assignment first, then a gets its value.
                        Execute(inner);
                        AssignTo(assignment.Target, inner.Target, inner.Value);
                        return assignment;
                    }
                    AssignTo(assignment.Target, assignment.Value, assignment.Value);
                    return assignment;

                case ICompoundAssignmentOperation compound when compound.OperatorMethod is null:
                {
                    // width /= 2: the new value from the old one.
                    var value = _evaluator.Evaluate(compound.Target) is SizeValue current && _evaluator.Evaluate(compound.Value) is SizeValue operand
                        ? Evaluator.Arithmetic(compound.OperatorKind, current, operand)
                        : null;
                    if (ThisMember(compound.Target) is null && compound.Target is not (ILocalReferenceOperation or IParameterReferenceOperation)) return null;
                    _evaluator.Write(compound.Target, value, source: null);
                    return compound;
                }

                case IInvocationOperation invocation:
                    return Invoke(invocation) ? invocation : null;

                default:
                    return null;
            }
        }

        /// <summary><paramref name="target"/> = <paramref name="value"/>, where <paramref name="source"/> is the expression to evaluate.</summary>
        private void AssignTo(IOperation target, IOperation source, IOperation value)
        {
            switch (target)
            {
                case IArrayElementReferenceOperation element when ThisMember(element.ArrayReference) is { } array:
                    AddElement(array, _evaluator.Evaluate(source), certain: false);
                    break;
                case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation local }:
                    AddToLocal(local.Local, _evaluator.Evaluate(source), certain: false);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when ThisMember(indexer.Instance) is { } list:
                    AddElement(list, _evaluator.Evaluate(source), certain: false);
                    break;
                default:
                    _evaluator.Write(target, _evaluator.Evaluate(source), value);
                    break;
            }
        }

        /// <summary>A call as a statement: filling a collection, or a helper; true when its effect was followed.</summary>
        private bool Invoke(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            bool certain = !_evaluator.Conditional;
            if (invocation.Instance is ILocalReferenceOperation local)
            {
                if (method.Name == "Add" && invocation.Arguments.Length == 1)
                {
                    AddToLocal(local.Local, _evaluator.Evaluate(invocation.Arguments[0].Value), certain);
                    return true;
                }
                if (method.Name == "AddRange" && invocation.Arguments.Length == 1 && _evaluator.Local(local.Local) is SequenceValue list)
                {
                    var added = _evaluator.Evaluate(invocation.Arguments[0].Value) as SequenceValue;
                    _evaluator.SetLocal(local.Local, added is null ? null : new SequenceValue(list.Elements.AddRange(added.Elements), list.IsComplete && added.IsComplete && certain));
                    return true;
                }
                return false;
            }
            if (ThisMember(invocation.Instance) is { } collection)
            {
                if (method.Name == "Add" && invocation.Arguments.Length == 1)
                {
                    AddElement(collection, _evaluator.Evaluate(invocation.Arguments[0].Value), certain);
                    return true;
                }
                return false;
            }
            // A helper: the evaluator follows it where it can read it, out arguments and members included.
            _evaluator.Evaluate(invocation);
            return _context.Followed.Contains(invocation);
        }

        private static ISymbol? ThisMember(IOperation? operation) => operation switch
        {
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property.IsIndexer: false } property => property.Property,
            IConversionOperation conversion => ThisMember(conversion.Operand),
            _ => null,
        };

        private void AddElement(ISymbol collection, Value? element, bool certain)
        {
            if (_frame.Members.TryGetValue(collection, out var current) && current is SequenceValue sequence)
                _frame.Members[collection] = sequence.Add(element, certain);
            else
                Forget(collection);
        }

        /// <summary>An element added to a collection held by a local.</summary>
        private void AddToLocal(ILocalSymbol local, Value? element, bool certain)
        {
            _evaluator.SetLocal(local, _evaluator.Local(local) is SequenceValue sequence ? sequence.Add(element, certain) : null);
        }

        private void Forget(ISymbol member)
        {
            _frame.Members[member] = null;
            _frame.Creations.Remove(member);
        }

        /// <summary>Forgets whatever <paramref name="target"/> names: a member (or the array an element is of), a local, a parameter.</summary>
        private void ForgetTarget(IOperation target)
        {
            while (target is IConversionOperation conversion) target = conversion.Operand;
            switch (target)
            {
                case ITupleOperation tuple:
                    foreach (var element in tuple.Elements) ForgetTarget(element);
                    break;
                case IDeclarationExpressionOperation declaration:
                    ForgetTarget(declaration.Expression);
                    break;
                case IArrayElementReferenceOperation element:
                    ForgetTarget(element.ArrayReference);
                    break;
                case ILocalReferenceOperation local:
                    _evaluator.SetLocal(local.Local, null);
                    break;
                case IParameterReferenceOperation parameter:
                    _frame.Parameters[parameter.Parameter] = null;
                    break;
                default:
                    if (ThisMember(target) is { } member) Forget(member);
                    break;
            }
        }

        /// <summary>Forgets everything <paramref name="operation"/> assigns, for statements the walker does not follow.</summary>
        private void ForgetWritesIn(IOperation operation)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                switch (descendant)
                {
                    case IAssignmentOperation assignment:
                        ForgetTarget(assignment.Target);
                        break;
                    case IIncrementOrDecrementOperation step:
                        ForgetTarget(step.Target);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument:
                        ForgetTarget(argument.Value);
                        break;
                }
            }
        }

        /// <summary>
        /// After a statement: forgets what it changes in ways the walker did not follow (the effect of
        /// <paramref name="handled"/> and of the helpers the evaluator followed were): assignments inside expressions,
        /// ref and out arguments, collections that calls may change, and members that helpers it cannot read assign.
        /// </summary>
        private void ForgetUnfollowedWrites(IOperation statement, IOperation? handled)
        {
            var pending = new Stack<IOperation>();
            pending.Push(statement);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                // What a lambda or local function writes is unknown from the start (Evaluator.SetLocal).
                if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation) continue;
                foreach (var child in operation.ChildOperations) pending.Push(child);
                if (ReferenceEquals(operation, handled)) continue;

                switch (operation)
                {
                    case IAssignmentOperation assignment when !IsHandledTarget(assignment, handled):
                        ForgetTarget(assignment.Target);
                        break;
                    case IIncrementOrDecrementOperation step:
                        ForgetTarget(step.Target);
                        break;
                    case IInvocationOperation invocation when !_context.Followed.Contains(invocation):
                        ForgetCallEffects(invocation.TargetMethod, invocation.Instance, invocation.Arguments);
                        break;
                    case IObjectCreationOperation creation:
                        ForgetCallEffects(null, null, creation.Arguments);
                        break;
                }
            }
        }

        /// <summary>The inner assignment of <c>a = b = value</c> was followed with the outer one.</summary>
        private static bool IsHandledTarget(IAssignmentOperation assignment, IOperation? handled)
            => handled is ISimpleAssignmentOperation { Value: ISimpleAssignmentOperation inner } && ReferenceEquals(inner, assignment);

        private void ForgetCallEffects(IMethodSymbol? method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
        {
            if (method is not null && !IsReadOnly(method, instance))
            {
                if (ThisMember(instance) is { } receiver) Forget(receiver);
                else if (instance is ILocalReferenceOperation local) _evaluator.SetLocal(local.Local, null);
            }
            // A helper of this object that inference cannot read may assign its members.
            if (method is { IsStatic: false } && Evaluator.IsThis(instance) && method.DeclaringSyntaxReferences.Length > 0)
                ForgetMembersAssignedIn(method, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
            bool torch = method is not null && (TorchSymbols.IsNnMethod(method) || TorchSymbols.IsTorchMethod(method));
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
                    ForgetTarget(argument.Value);
                // A collection handed to code of the user's may be filled there.
                else if (!torch && argument.Value is ILocalReferenceOperation passed && _evaluator.Local(passed.Local) is SequenceValue)
                    _evaluator.SetLocal(passed.Local, null);
            }
        }

        /// <summary>Whether a call leaves its receiver's shape as it was; a tensor's methods do, but for in-place ones that reshape.</summary>
        private static bool IsReadOnly(IMethodSymbol method, IOperation? instance)
            => ReadOnlyMethods.Contains(method.Name)
               || (TorchSymbols.IsTensor(instance?.Type) && (!method.Name.EndsWith("_", System.StringComparison.Ordinal) || Evaluator.ShapePreserving.Contains(method.Name)));

        private void ForgetMembersAssignedIn(IMethodSymbol method, HashSet<IMethodSymbol> visited)
        {
            if (!visited.Add(method) || visited.Count > 32 || DeclarativeGeneratedCode.IsGenerated(method)) return;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = _context.Syntax(reference);
                var body = _context.Operation(syntax);
                if (body is null) continue;
                foreach (var descendant in body.DescendantsAndSelf())
                {
                    ISymbol? assigned = descendant switch
                    {
                        IAssignmentOperation assignment => ThisMember(assignment.Target) ?? (assignment.Target is IArrayElementReferenceOperation element ? ThisMember(element.ArrayReference) : null),
                        IInvocationOperation invocation => ThisMember(invocation.Instance),
                        _ => null,
                    };
                    if (assigned is not null)
                    {
                        Forget(assigned);
                        _frame.Untracked.Add(assigned);
                    }
                    if (descendant is IInvocationOperation { Instance: IInstanceReferenceOperation, TargetMethod: { IsStatic: false } callee } && callee.DeclaringSyntaxReferences.Length > 0)
                        ForgetMembersAssignedIn(callee, visited);
                }
            }
        }
    }
}

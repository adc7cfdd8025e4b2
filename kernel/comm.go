package kernel

import (
	"sync"
)

// CommTarget handles the comms a frontend opens with its target name.
type CommTarget interface {
	// Open is called for comm_open; returning false refuses the comm.
	Open(commID string, data map[string]any) bool
	Message(commID string, data map[string]any)
	Close(commID string, data map[string]any)
}

// commRegistry tracks open comms and the targets that can accept new ones.
type commRegistry struct {
	mu      sync.Mutex
	targets map[string]CommTarget
	open    map[string]string // comm id -> target name
}

func newCommRegistry() *commRegistry {
	return &commRegistry{targets: map[string]CommTarget{}, open: map[string]string{}}
}

// RegisterCommTarget makes target accept comms opened with name.
func (k *Kernel) RegisterCommTarget(name string, target CommTarget) {
	k.comms.mu.Lock()
	k.comms.targets[name] = target
	k.comms.mu.Unlock()
}

type commContent struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name"`
	Data       map[string]any `json:"data"`
}

func (k *Kernel) commInfo(ch *channel, m *Message) {
	var req struct {
		TargetName string `json:"target_name"`
	}
	if !k.decode(ch, m, &req) {
		return
	}
	k.comms.mu.Lock()
	comms := map[string]any{}
	for id, target := range k.comms.open {
		if req.TargetName == "" || req.TargetName == target {
			comms[id] = map[string]string{"target_name": target}
		}
	}
	k.comms.mu.Unlock()
	k.reply(ch, m, "comm_info_reply", map[string]any{"status": "ok", "comms": comms})
}

// commOpen accepts a comm for a registered target. An unknown target, or one that
// refuses, is answered with comm_close so the frontend does not wait on a dead comm.
func (k *Kernel) commOpen(ch *channel, m *Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil || c.CommID == "" {
		k.log.Warn("malformed comm_open", "err", err)
		return
	}
	k.comms.mu.Lock()
	target := k.comms.targets[c.TargetName]
	k.comms.mu.Unlock()
	if target == nil || !target.Open(c.CommID, c.Data) {
		k.log.Info("comm_open for unknown target", "target", c.TargetName)
		k.publish(m, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		return
	}
	k.comms.mu.Lock()
	k.comms.open[c.CommID] = c.TargetName
	k.comms.mu.Unlock()
}

func (k *Kernel) commMsg(ch *channel, m *Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil {
		k.log.Warn("malformed comm_msg", "err", err)
		return
	}
	k.comms.mu.Lock()
	name, ok := k.comms.open[c.CommID]
	target := k.comms.targets[name]
	k.comms.mu.Unlock()
	if !ok || target == nil {
		k.log.Info("comm_msg for unknown comm", "comm_id", c.CommID)
		return
	}
	target.Message(c.CommID, c.Data)
}

func (k *Kernel) commClose(ch *channel, m *Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil {
		k.log.Warn("malformed comm_close", "err", err)
		return
	}
	k.comms.mu.Lock()
	name, ok := k.comms.open[c.CommID]
	delete(k.comms.open, c.CommID)
	target := k.comms.targets[name]
	k.comms.mu.Unlock()
	if ok && target != nil {
		target.Close(c.CommID, c.Data)
	}
}

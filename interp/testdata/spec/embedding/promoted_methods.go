// Methods of an embedded type are promoted to the outer struct: they can be called on
// it directly and they run on the embedded value.
package main

import "fmt"

type Engine struct {
	HP      int
	running bool
}

func (e *Engine) Start() { e.running = true }

func (e Engine) Status() string {
	if e.running {
		return fmt.Sprintf("%dhp running", e.HP)
	}
	return fmt.Sprintf("%dhp stopped", e.HP)
}

type Car struct {
	Model string
	Engine
}

func main() {
	c := Car{Model: "T", Engine: Engine{HP: 20}}
	fmt.Println(c.Model, c.Status())
	//cell
	c.Start()
	fmt.Println(c.Model, c.Status(), c.running)
	//cell
	cars := []Car{{"A", Engine{HP: 50}}, {"B", Engine{HP: 70}}}
	cars[1].Start()
	for _, x := range cars {
		fmt.Println(x.Model, x.Status())
	}
	status := c.Status
	_show(status())
}

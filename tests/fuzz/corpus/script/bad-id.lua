step { id = 1 }
